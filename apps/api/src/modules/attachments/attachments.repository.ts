import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database, SyncSql, toDate, toInt } from '../../database/database.service';
import type { StoredAttachment } from './dto/attachment.dto';

/** One upload as stored. */
export interface AttachmentRecord {
  readonly id: string;
  readonly uploaderId: string;
  readonly messageId: string | null;
  readonly conversationId: string | null;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly width: number | null;
  readonly height: number | null;
  readonly storageKey: string;
  readonly thumbnailKey: string | null;
  readonly thumbnailSize: number | null;
  readonly etag: string;
  readonly createdAt: Date;
  readonly deletedAt: Date | null;
}

/** The files a purge removes from storage before their rows go. */
export interface PurgeBatch {
  readonly ids: readonly string[];
  readonly keys: readonly string[];
}

const COLUMNS =
  'id, uploader_id, message_id, conversation_id, filename, content_type, size, width, height, storage_key, thumbnail_key, thumbnail_size, etag, created_at, deleted_at';

/** The uploads among `ids` that a message may still take: the sender's, in no message, not deleted. */
const CLAIMABLE = (count: number, first: number) =>
  `SELECT COUNT(*) AS n FROM attachments
   WHERE id IN (${placeholders(count, first)}) AND uploader_id = $1 AND message_id IS NULL AND deleted_at IS NULL`;
const CLAIM = (count: number) =>
  `UPDATE attachments SET message_id = $1, conversation_id = $2 WHERE id IN (${placeholders(count, 4)}) AND uploader_id = $3`;

/** A message's files were taken, or deleted, between the check and the send: the send is refused as a whole. */
export class AttachmentsTakenError extends Error {}

/** The only code that reads and writes the attachments table (the claim runs inside a message's own transaction). */
@Injectable()
export class AttachmentsRepository {
  constructor(private readonly database: Database) {}

  async insert(record: AttachmentRecord): Promise<void> {
    await this.database.write((tx) =>
      this.database.query(
        `INSERT INTO attachments (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          record.id,
          record.uploaderId,
          record.messageId,
          record.conversationId,
          record.filename,
          record.contentType,
          record.size,
          record.width,
          record.height,
          record.storageKey,
          record.thumbnailKey,
          record.thumbnailSize,
          record.etag,
          record.createdAt,
          record.deletedAt,
        ],
        tx,
      ),
    );
  }

  async findById(id: string): Promise<AttachmentRecord | null> {
    const [row] = await this.database.query(`SELECT ${COLUMNS} FROM attachments WHERE id = $1`, [id]);
    return row ? toRecord(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<AttachmentRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.database.query(`SELECT ${COLUMNS} FROM attachments WHERE id IN (${placeholders(ids.length, 1)})`, ids);
    return rows.map(toRecord);
  }

  /**
   * Gives the uploads to a message inside its transaction (PostgreSQL, or SQLite through TypeORM). The rows are locked
   * first: of two sends naming one upload, the second finds it taken and rolls back whole.
   */
  async claim(tx: EntityManager, messageId: string, conversationId: string, uploaderId: string, ids: readonly string[]): Promise<void> {
    const lock = this.database.kind === 'postgres' ? ' FOR UPDATE' : '';
    const rows = await this.database.query(
      `SELECT id FROM attachments WHERE id IN (${placeholders(ids.length, 2)}) AND uploader_id = $1 AND message_id IS NULL AND deleted_at IS NULL${lock}`,
      [uploaderId, ...ids],
      tx,
    );
    if (rows.length !== ids.length) throw new AttachmentsTakenError();
    await this.database.query(CLAIM(ids.length), [messageId, conversationId, uploaderId, ...ids], tx);
  }

  /** The check half of a claim inside a group commit: it writes nothing, so a refusal fails this send alone. */
  static checkClaimable(sql: SyncSql, uploaderId: string, ids: readonly string[]): void {
    const row = sql.get<{ n: unknown }>(CLAIMABLE(ids.length, 2), [uploaderId, ...ids]);
    if (toInt(row?.n ?? 0) !== ids.length) throw new AttachmentsTakenError();
  }

  /** The write half of a claim inside a group commit, after the message's insert. */
  static claimNow(sql: SyncSql, messageId: string, conversationId: string, uploaderId: string, ids: readonly string[]): void {
    sql.run(CLAIM(ids.length), [messageId, conversationId, uploaderId, ...ids]);
  }

  /** Inside a message's deletion: its files are gone from every answer and download at once; storage follows. */
  async markDeletedWith(tx: EntityManager, messageId: string, at: Date): Promise<void> {
    await this.database.query('UPDATE attachments SET deleted_at = $2 WHERE message_id = $1 AND deleted_at IS NULL', [messageId, at], tx);
  }

  /** Uploads never attached, older than `before`: marked deleted, for the purge. */
  async markOrphansDeleted(before: Date, at: Date): Promise<void> {
    await this.database.write((tx) =>
      this.database.query(
        'UPDATE attachments SET deleted_at = $2 WHERE message_id IS NULL AND deleted_at IS NULL AND created_at < $1',
        [before, at],
        tx,
      ),
    );
  }

  /** Deleted rows whose files are still to remove (of one message, or any). */
  async deleted(limit: number, messageId?: string): Promise<PurgeBatch> {
    const rows = await this.database.query<{ id: string; storage_key: string; thumbnail_key: string | null }>(
      messageId
        ? 'SELECT id, storage_key, thumbnail_key FROM attachments WHERE message_id = $2 AND deleted_at IS NOT NULL LIMIT $1'
        : 'SELECT id, storage_key, thumbnail_key FROM attachments WHERE deleted_at IS NOT NULL ORDER BY deleted_at LIMIT $1',
      messageId ? [limit, messageId] : [limit],
    );
    return {
      ids: rows.map((row) => row.id),
      keys: rows.flatMap((row) => (row.thumbnail_key ? [row.storage_key, row.thumbnail_key] : [row.storage_key])),
    };
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.database.write((tx) => this.database.query(`DELETE FROM attachments WHERE id IN (${placeholders(ids.length, 1)})`, ids, tx));
  }
}

/** What a message stores of a file. */
export function storedOf(record: AttachmentRecord): StoredAttachment {
  return {
    id: record.id,
    filename: record.filename,
    content_type: record.contentType,
    size: record.size,
    width: record.width,
    height: record.height,
    thumbnail: record.thumbnailKey !== null,
  };
}

function placeholders(count: number, first: number): string {
  return Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ');
}

const intOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : toInt(value));

function toRecord(row: Record<string, unknown>): AttachmentRecord {
  return {
    id: row['id'] as string,
    uploaderId: row['uploader_id'] as string,
    messageId: (row['message_id'] as string | null) ?? null,
    conversationId: (row['conversation_id'] as string | null) ?? null,
    filename: row['filename'] as string,
    contentType: row['content_type'] as string,
    size: toInt(row['size']),
    width: intOrNull(row['width']),
    height: intOrNull(row['height']),
    storageKey: row['storage_key'] as string,
    thumbnailKey: (row['thumbnail_key'] as string | null) ?? null,
    thumbnailSize: intOrNull(row['thumbnail_size']),
    etag: row['etag'] as string,
    createdAt: toDate(row['created_at']),
    deletedAt: row['deleted_at'] === null || row['deleted_at'] === undefined ? null : toDate(row['deleted_at']),
  };
}
