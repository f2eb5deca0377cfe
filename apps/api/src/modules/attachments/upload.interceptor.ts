import { CallHandler, ExecutionContext, Inject, Injectable, mixin, NestInterceptor, PayloadTooLargeException, Type } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { LIMITS } from '@pneumatic/contracts';
import type { Observable } from 'rxjs';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { DomainError } from '../../core/errors';
import type { UploadRoute } from '../../core/http/body-parsing';
import { ObjectStorage } from './storage/object-storage';
import { StreamingUploadEngine } from './upload-engine';

/** The routes that take a file: the JSON body parser leaves their multipart bodies to Multer. */
export const UPLOAD_ROUTES: readonly UploadRoute[] = [
  { method: 'POST', path: '/attachments' },
  { method: 'PUT', path: '/auth/me/avatar' },
];

/** A file over the limit of its route: 413, saying the limit. */
export class FileTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly title = 'Payload Too Large';

  constructor(maxBytes: number) {
    super(`The file is larger than ${describeBytes(maxBytes)}`);
  }
}

export function describeBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * The platform's own Multer integration (`FileInterceptor`) with a streaming storage engine: one file in the field
 * `file`, no other part, at most `ATTACHMENT_MAX_BYTES` (an avatar 5 MiB). Multer stops reading at the limit and the
 * engine removes what it stored. File names are read as UTF-8.
 */
export function UploadInterceptor(kind: 'attachment' | 'avatar'): Type<NestInterceptor> {
  @Injectable()
  class Upload implements NestInterceptor {
    private readonly multer: NestInterceptor;
    private readonly maxBytes: number;

    constructor(storage: ObjectStorage, @Inject(APP_CONFIG) config: AppConfig) {
      this.maxBytes = kind === 'avatar' ? LIMITS.avatarBytesMax : config.attachments.maxBytes;
      const Multer = FileInterceptor('file', {
        storage: new StreamingUploadEngine(storage, kind === 'avatar' ? 'avatar-uploads' : 'attachments'),
        limits: { fileSize: this.maxBytes, files: 1, fields: 0, parts: 1 },
        // Busboy reads a file name as Latin-1 unless told: "résumé.pdf" would arrive garbled.
        defParamCharset: 'utf8',
      } as Parameters<typeof FileInterceptor>[1]);
      this.multer = new Multer();
    }

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      try {
        return await this.multer.intercept(context, next);
      } catch (error) {
        if (error instanceof PayloadTooLargeException) throw new FileTooLargeError(this.maxBytes);
        throw error;
      }
    }
  }
  return mixin(Upload);
}
