import type { Provider } from '@nestjs/common';
import { Readable } from 'node:stream';
import { SignedLinks } from '../../src/core/links/signed-links';
import { AttachmentRecord, AttachmentsRepository, AttachmentsTakenError } from '../../src/modules/attachments/attachments.repository';
import { AttachmentsService } from '../../src/modules/attachments/attachments.service';
import { ByteRange, ObjectStorage } from '../../src/modules/attachments/storage/object-storage';
import { provide, type PublicOf } from '../test-service';

/** In-memory uploads with the same claim rule as the database: the uploader's own, in no message, not deleted. */
export class FakeAttachmentsRepository implements PublicOf<AttachmentsRepository> {
  readonly rows = new Map<string, AttachmentRecord>();

  async insert(record: AttachmentRecord) {
    this.rows.set(record.id, { ...record });
  }

  async findById(id: string) {
    return this.rows.get(id) ?? null;
  }

  async findByIds(ids: readonly string[]) {
    return ids.flatMap((id) => this.rows.get(id) ?? []);
  }

  async claim(_tx: unknown, messageId: string, conversationId: string, uploaderId: string, ids: readonly string[]) {
    const claimable = ids.filter((id) => {
      const row = this.rows.get(id);
      return row && row.uploaderId === uploaderId && !row.messageId && !row.deletedAt;
    });
    if (claimable.length !== ids.length) throw new AttachmentsTakenError();
    for (const id of ids) this.rows.set(id, { ...(this.rows.get(id) as AttachmentRecord), messageId, conversationId });
  }

  async markDeletedWith(_tx: unknown, messageId: string, at: Date) {
    for (const [id, row] of this.rows) if (row.messageId === messageId && !row.deletedAt) this.rows.set(id, { ...row, deletedAt: at });
  }

  async markOrphansDeleted(before: Date, at: Date) {
    for (const [id, row] of this.rows) {
      if (!row.messageId && !row.deletedAt && row.createdAt < before) this.rows.set(id, { ...row, deletedAt: at });
    }
  }

  async deleted(limit: number, messageId?: string) {
    const rows = [...this.rows.values()].filter((row) => row.deletedAt && (!messageId || row.messageId === messageId)).slice(0, limit);
    return { ids: rows.map((row) => row.id), keys: rows.flatMap((row) => [row.storageKey, ...(row.thumbnailKey ? [row.thumbnailKey] : [])]) };
  }

  async remove(ids: readonly string[]) {
    for (const id of ids) this.rows.delete(id);
  }
}

/** Objects in a map: the storage interface without a disk or a bucket. */
export class MemoryStorage extends ObjectStorage {
  readonly objects = new Map<string, Buffer>();

  async prepare() {
    return undefined;
  }

  async put(key: string, body: Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
    this.objects.set(key, Buffer.concat(chunks));
  }

  async get(key: string, range?: ByteRange) {
    const bytes = this.objects.get(key);
    if (!bytes) throw new Error(`no object ${key}`);
    return Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes]);
  }

  async delete(keys: readonly string[]) {
    for (const key of keys) this.objects.delete(key);
  }

  async size(key: string) {
    return this.objects.get(key)?.length ?? null;
  }
}

/** The real attachments service over in-memory fakes (it needs ConversationsService from the caller's providers). */
export function attachmentProviders(repository = new FakeAttachmentsRepository(), storage = new MemoryStorage()): Provider[] {
  return [
    provide(AttachmentsRepository, repository),
    { provide: ObjectStorage, useValue: storage },
    { provide: SignedLinks, useValue: SignedLinks.install(new SignedLinks('unit-test-secret-0123456789abcdef0123', 3600)) },
    AttachmentsService,
  ];
}
