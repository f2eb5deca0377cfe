import { Injectable } from '@nestjs/common';
import type { Message, MessageRevision } from '@pneumatic/contracts';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../core/errors';
import { Database, SyncSql, toDate, toInt } from '../../database/database.service';
import { AttachmentsRepository } from '../attachments/attachments.repository';
import { toAttachment, type StoredAttachment } from '../attachments/dto/attachment.dto';
import { toMessage } from './dto/message.dto';

export interface MessageDraft {
  readonly id: string;
  readonly messageId: string;
  readonly senderId: string;
  readonly conversationId: string;
  readonly content: string;
  readonly createdAt: Date;
  /** The sender's uploads it takes, checked by the attachments service; claimed in the send's own transaction. */
  readonly attachments?: readonly StoredAttachment[];
}

/** The sender already used this idempotency key: the stored message wins. */
export class DuplicateMessageKeyError extends Error {}

/** Every column of a message as the wire shows it. */
export const MESSAGE_COLUMNS =
  'id, message_id, sender_id, conversation_id, seq, change_seq, content, created_at, edited_at, deleted_at, attachments';
const INSERT_COLUMNS = 'id, message_id, sender_id, conversation_id, seq, change_seq, content, created_at, attachments';
const INSERT_MESSAGE = `INSERT INTO messages (${INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
const MOVE_SENDER_READ_MARKER =
  'UPDATE conversation_members SET last_read_seq = $3 WHERE conversation_id = $1 AND user_id = $2 AND last_read_seq < $3';
/** Above any seq or change_seq a conversation can reach (they are 32-bit integers). */
const NO_BOUND = 2 ** 31 - 1;

/** The only code that appends and reads messages (and takes seqs from their conversation's counters). */
@Injectable()
export class MessagesRepository {
  constructor(
    private readonly database: Database,
    private readonly attachments: AttachmentsRepository,
  ) {}

  findBySenderKey(senderId: string, messageId: string): Promise<Message | null> {
    return this.database
      .query(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE sender_id = $1 AND message_id = $2`, [senderId, messageId])
      .then(([row]) => (row ? toMessage(row) : null));
  }

  /** A message by its id; inside a transaction on PostgreSQL, `lock` holds its row until the transaction ends. */
  async findById(id: string, tx?: EntityManager, lock = false): Promise<Message | null> {
    const forUpdate = lock && this.database.kind === 'postgres' ? ' FOR UPDATE' : '';
    const [row] = await this.database.query(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1${forUpdate}`, [id], tx);
    return row ? toMessage(row) : null;
  }

  /**
   * Appends a message in ONE transaction: take the next seq and change_seq from the conversation row (the UPDATE
   * locks it, so concurrent senders queue), insert, bump last activity, and move the sender's read marker to it. A
   * reused key rolls all of it back, so a replay never consumes a seq. On better-sqlite3 the transaction is part of
   * a group commit shared with the sends of the same moment.
   */
  async append(draft: MessageDraft): Promise<Message> {
    try {
      if (this.database.groupsCommits) return await this.database.writeBatched((sql) => this.appendNow(sql, draft));
      return await this.database.write(async (tx) => {
        await this.database.query(
          'UPDATE conversations SET last_seq = last_seq + 1, last_change_seq = last_change_seq + 1, updated_at = $2 WHERE id = $1',
          [draft.conversationId, draft.createdAt],
          tx,
        );
        const [counters] = await this.database.query<{ last_seq: unknown; last_change_seq: unknown }>(
          'SELECT last_seq, last_change_seq FROM conversations WHERE id = $1',
          [draft.conversationId],
          tx,
        );
        const seq = toInt(counters.last_seq);
        const changeSeq = toInt(counters.last_change_seq);
        await this.database.query(
          INSERT_MESSAGE,
          [
            draft.id,
            draft.messageId,
            draft.senderId,
            draft.conversationId,
            seq,
            changeSeq,
            draft.content,
            draft.createdAt,
            attachmentsColumn(draft),
          ],
          tx,
        );
        const ids = attachmentIds(draft);
        if (ids) await this.attachments.claim(tx, draft.id, draft.conversationId, draft.senderId, ids);
        await this.database.query(MOVE_SENDER_READ_MARKER, [draft.conversationId, draft.senderId, seq], tx);
        return messageOf(draft, seq, changeSeq);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateMessageKeyError(draft.messageId);
      throw error;
    }
  }

  /**
   * The same transaction's statements, run synchronously inside a group commit (SQLite through better-sqlite3).
   * The insert comes first, taking the next counters from the conversation row: a reused key breaks it before
   * anything is written, so the replay fails alone without undoing its batch-mates.
   */
  private appendNow(sql: SyncSql, draft: MessageDraft): Message {
    const ids = attachmentIds(draft);
    // Checked before anything is written: uploads taken meanwhile fail this send alone, not its batch-mates.
    if (ids) AttachmentsRepository.checkClaimable(sql, draft.senderId, ids);
    const inserted = sql.get<{ seq: number; change_seq: number }>(
      `INSERT INTO messages (${INSERT_COLUMNS})
       SELECT $1, $2, $3, id, last_seq + 1, last_change_seq + 1, $5, $6, $7 FROM conversations WHERE id = $4
       RETURNING seq, change_seq`,
      [draft.id, draft.messageId, draft.senderId, draft.conversationId, draft.content, draft.createdAt, attachmentsColumn(draft)],
    );
    if (!inserted) throw new Error(`conversation ${draft.conversationId} does not exist`);
    if (ids) AttachmentsRepository.claimNow(sql, draft.id, draft.conversationId, draft.senderId, ids);
    sql.run('UPDATE conversations SET last_seq = $2, last_change_seq = $3, updated_at = $4 WHERE id = $1', [
      draft.conversationId,
      inserted.seq,
      inserted.change_seq,
      draft.createdAt,
    ]);
    sql.run(MOVE_SENDER_READ_MARKER, [draft.conversationId, draft.senderId, inserted.seq]);
    return messageOf(draft, inserted.seq, inserted.change_seq);
  }

  /** The newest `limit` messages, or those before / after a seq; one range scan of (conversation_id, seq). */
  async page(
    conversationId: string,
    options: { limit: number; beforeSeq?: number; afterSeq?: number },
  ): Promise<{ messages: Message[]; hasMore: boolean }> {
    const take = options.limit + 1;
    let rows: Record<string, unknown>[];
    if (options.afterSeq !== undefined) {
      rows = await this.database.query(
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq ASC LIMIT $3`,
        [conversationId, options.afterSeq, take],
      );
    } else {
      rows = await this.database.query(
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`,
        [conversationId, options.beforeSeq ?? NO_BOUND, take],
      );
      rows.reverse();
    }
    const hasMore = rows.length > options.limit;
    if (hasMore) {
      if (options.afterSeq !== undefined) rows.pop();
      else rows.shift();
    }
    return { messages: rows.map((row) => toMessage(row)), hasMore };
  }

  /**
   * The messages whose change_seq lies in (afterChangeSeq, upToChangeSeq], oldest change first: one range scan of
   * (conversation_id, change_seq). `maxSeq` leaves out messages after it (a sync sends those in `messages`).
   */
  async changes(
    conversationId: string,
    options: { afterChangeSeq: number; upToChangeSeq: number; maxSeq?: number; limit: number },
  ): Promise<{ messages: Message[]; hasMore: boolean }> {
    const rows = await this.database.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       WHERE conversation_id = $1 AND change_seq > $2 AND change_seq <= $3 AND seq <= $4
       ORDER BY change_seq ASC LIMIT $5`,
      [conversationId, options.afterChangeSeq, options.upToChangeSeq, options.maxSeq ?? NO_BOUND, options.limit + 1],
    );
    const hasMore = rows.length > options.limit;
    return { messages: rows.slice(0, options.limit).map((row) => toMessage(row)), hasMore };
  }

  /** A conversation's change counter now (0 for one that does not exist). */
  async lastChangeSeq(conversationId: string): Promise<number> {
    const [row] = await this.database.query<{ last_change_seq: unknown }>('SELECT last_change_seq FROM conversations WHERE id = $1', [
      conversationId,
    ]);
    return row ? toInt(row.last_change_seq) : 0;
  }

  /** The texts a message had before each edit, oldest first. */
  async revisions(messageId: string): Promise<MessageRevision[]> {
    const rows = await this.database.query<{ content: string; edited_at: unknown }>(
      'SELECT content, edited_at FROM message_revisions WHERE message_id = $1 ORDER BY change_seq',
      [messageId],
    );
    return rows.map((row) => ({ content: row.content, edited_at: toDate(row.edited_at).toISOString() }));
  }
}

/** The uploads a draft takes, or null for none (the common send: nothing more to write or check). */
function attachmentIds(draft: MessageDraft): string[] | null {
  return draft.attachments && draft.attachments.length > 0 ? draft.attachments.map((attachment) => attachment.id) : null;
}

function attachmentsColumn(draft: MessageDraft): string | null {
  return draft.attachments && draft.attachments.length > 0 ? JSON.stringify(draft.attachments) : null;
}

function messageOf(draft: MessageDraft, seq: number, changeSeq: number): Message {
  return {
    id: draft.id,
    message_id: draft.messageId,
    sender_id: draft.senderId,
    conversation_id: draft.conversationId,
    seq,
    change_seq: changeSeq,
    content: draft.content,
    created_at: draft.createdAt.toISOString(),
    edited_at: null,
    deleted_at: null,
    attachments: draft.attachments && draft.attachments.length > 0 ? draft.attachments.map((attachment) => toAttachment(attachment)) : [],
  };
}
