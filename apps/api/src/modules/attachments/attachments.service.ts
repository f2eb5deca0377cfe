import { Inject, Injectable, Logger } from '@nestjs/common';
import { LIMITS, type Attachment } from '@pneumatic/contracts';
import { pipeline } from 'node:stream/promises';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { NotFoundError, ValidationFailedError } from '../../core/errors';
import { LinkKind, SignedLinks } from '../../core/links/signed-links';
import { ConversationsService } from '../conversations/conversations.service';
import { AttachmentRecord, AttachmentsRepository, storedOf } from './attachments.repository';
import { ByteProbe } from './byte-probe';
import { StoredAttachment, toAttachment } from './dto/attachment.dto';
import { cleanFilename, detectContentType, isInlineImage } from './file-kind';
import { renderWebp, UnreadableImageError } from './images';
import type { Servable } from './serve-file';
import { ObjectStorage } from './storage/object-storage';
import type { ReceivedFile } from './upload-engine';

/** How a download presents itself: a bearer token's user, or nobody (then only a signed link opens it). */
export interface DownloadRequest {
  readonly callerId: string | null;
  readonly expires?: unknown;
  readonly signature?: unknown;
}

const notFound = () => new NotFoundError('Attachment not found');
export const fileMissing = () => new ValidationFailedError([{ field: 'file', message: 'a file is required (multipart field "file")' }]);
export const fileEmpty = () => new ValidationFailedError([{ field: 'file', message: 'the file is empty' }]);

/** Uploads, their use in messages, downloads and their deletion (SPEC 10.6). */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly storage: ObjectStorage,
    private readonly conversations: ConversationsService,
    private readonly links: SignedLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Keeps a file Multer has streamed into storage: its type from its bytes, and for an image its dimensions and a
   * thumbnail. An image that does not decode is kept as a plain file.
   */
  async upload(uploaderId: string, file: ReceivedFile | undefined): Promise<Attachment> {
    if (!file) throw fileMissing();
    if (file.size === 0) {
      await this.storage.delete([file.key]);
      throw fileEmpty();
    }
    let contentType = await detectContentType(file.head);
    let image: { width: number; height: number; thumbnailKey: string; thumbnailSize: number } | null = null;
    if (isInlineImage(contentType)) {
      image = await this.thumbnail(file.key);
      if (!image) contentType = 'application/octet-stream';
    }
    const record: AttachmentRecord = {
      id: file.key.split('/').pop() as string,
      uploaderId,
      messageId: null,
      conversationId: null,
      filename: cleanFilename(file.originalname),
      contentType,
      size: file.size,
      width: image?.width ?? null,
      height: image?.height ?? null,
      storageKey: file.key,
      thumbnailKey: image?.thumbnailKey ?? null,
      thumbnailSize: image?.thumbnailSize ?? null,
      etag: file.sha256.slice(0, 32),
      createdAt: new Date(),
      deletedAt: null,
    };
    await this.attachments.insert(record);
    return toAttachment(storedOf(record), this.links);
  }

  /**
   * What a message stores of the files a send names, in the order given: each must be the sender's own upload, in no
   * message yet. Anything else is a 400 naming the field; the send's own transaction claims them for good.
   */
  async sendable(senderId: string, ids: readonly string[]): Promise<StoredAttachment[]> {
    const found = new Map((await this.attachments.findByIds(ids)).map((record) => [record.id, record]));
    const errors = ids.flatMap((id, index) => {
      const record = found.get(id);
      if (!record || record.uploaderId !== senderId || record.deletedAt) {
        return [{ field: `attachment_ids.${index}`, message: 'no upload of yours has this id' }];
      }
      if (record.messageId) return [{ field: `attachment_ids.${index}`, message: 'this upload is already in a message' }];
      return [];
    });
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return ids.map((id) => storedOf(found.get(id) as AttachmentRecord));
  }

  /**
   * The file (or its thumbnail) a download may have. With a bearer token: its uploader or a member of its message's
   * conversation. Without: a valid, unexpired signed link. Anyone else, and a deleted message's files: 404.
   */
  async download(kind: Extract<LinkKind, 'file' | 'thumbnail'>, id: string, request: DownloadRequest): Promise<Servable> {
    const record = await this.attachments.findById(id);
    if (!record || record.deletedAt || (kind === 'thumbnail' && !record.thumbnailKey)) throw notFound();
    if (request.callerId !== null) {
      const allowed =
        record.uploaderId === request.callerId ||
        (record.conversationId !== null && (await this.conversations.membersOf(record.conversationId)).includes(request.callerId));
      if (!allowed) throw notFound();
    } else if (!this.links.verify(kind, id, request.expires, request.signature)) {
      throw notFound();
    }
    const key = kind === 'thumbnail' ? (record.thumbnailKey as string) : record.storageKey;
    return {
      size: kind === 'thumbnail' ? (record.thumbnailSize as number) : record.size,
      contentType: kind === 'thumbnail' ? 'image/webp' : record.contentType,
      etag: kind === 'thumbnail' ? `${record.etag}-t` : record.etag,
      filename: kind === 'thumbnail' ? `${record.filename.replace(/\.[^.]*$/, '')}.webp` : record.filename,
      inline: kind === 'thumbnail' || isInlineImage(record.contentType),
      open: (range) => this.storage.get(key, range),
    };
  }

  /**
   * Removes from storage the files of a message just deleted (its rows were marked in the deletion's transaction). A
   * failure is left to the next sweep: the deletion itself has been committed, and nobody can download them any more.
   */
  async purgeMessage(messageId: string): Promise<void> {
    try {
      await this.purge(await this.attachments.deleted(LIMITS.attachmentsPerMessage, messageId));
    } catch (error) {
      this.logger.warn({ err: error, messageId }, 'files of a deleted message not removed yet; the sweep retries');
    }
  }

  /** Marks uploads never attached within ATTACHMENT_ORPHAN_TTL as deleted, then removes every deleted file. */
  async sweep(now = new Date()): Promise<void> {
    await this.attachments.markOrphansDeleted(new Date(now.getTime() - this.config.attachments.orphanTtlSeconds * 1000), now);
    for (;;) {
      const batch = await this.attachments.deleted(200);
      if (batch.ids.length === 0) return;
      await this.purge(batch);
      if (batch.ids.length < 200) return;
    }
  }

  private async purge(batch: { ids: readonly string[]; keys: readonly string[] }): Promise<void> {
    if (batch.ids.length === 0) return;
    await this.storage.delete(batch.keys);
    await this.attachments.remove(batch.ids);
  }

  /** Dimensions and a stored WebP thumbnail of an image, or null for one that does not decode. */
  private async thumbnail(key: string): Promise<{ width: number; height: number; thumbnailKey: string; thumbnailSize: number } | null> {
    const thumbnailKey = `${key}.thumb.webp`;
    try {
      const { facts, output } = await renderWebp(await this.storage.get(key), 'thumbnail');
      const probe = new ByteProbe();
      await Promise.all([pipeline(output, probe), this.storage.put(thumbnailKey, probe, 'image/webp')]);
      return { ...facts, thumbnailKey, thumbnailSize: probe.byteCount };
    } catch (error) {
      if (!(error instanceof UnreadableImageError)) this.logger.warn({ err: error, key }, 'thumbnail failed; kept as a plain file');
      await this.storage.delete([thumbnailKey]);
      return null;
    }
  }
}
