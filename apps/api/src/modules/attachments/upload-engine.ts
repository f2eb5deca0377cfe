import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { StorageEngine } from 'multer';
import { ByteProbe } from './byte-probe';
import { ObjectStorage } from './storage/object-storage';

/** What the engine tells Multer about a received file (merged into `req.file`). */
export interface ReceivedFile {
  readonly originalname: string;
  /** Where the bytes are now: a key of its own, renamed by nobody (the row remembers it). */
  readonly key: string;
  readonly size: number;
  /** The first bytes, for type detection. */
  readonly head: Buffer;
  /** Hex SHA-256 of the bytes. */
  readonly sha256: string;
}

/**
 * A Multer storage engine that streams each file straight into {@link ObjectStorage} under a fresh key, through a
 * {@link ByteProbe}: the request body is never held in memory or spooled to a temporary file. A file cut short by
 * Multer's `fileSize` limit, or a failed request, is removed again (Multer calls `_removeFile`).
 */
export class StreamingUploadEngine implements StorageEngine {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly prefix: string,
  ) {}

  _handleFile(_req: Request, file: Express.Multer.File, callback: (error?: unknown, info?: Partial<ReceivedFile>) => void): void {
    const key = `${this.prefix}/${randomUUID()}`;
    const probe = new ByteProbe();
    Promise.all([pipeline(file.stream, probe), this.storage.put(key, probe, 'application/octet-stream')]).then(
      () => callback(null, { key, size: probe.byteCount, head: probe.head, sha256: probe.digest() }),
      (error: unknown) => {
        probe.destroy();
        this.storage.delete([key]).then(
          () => callback(error),
          () => callback(error),
        );
      },
    );
  }

  _removeFile(_req: Request, file: Express.Multer.File & Partial<ReceivedFile>, callback: (error: Error | null) => void): void {
    if (!file.key) return callback(null);
    this.storage.delete([file.key]).then(
      () => callback(null),
      (error: Error) => callback(error),
    );
  }
}
