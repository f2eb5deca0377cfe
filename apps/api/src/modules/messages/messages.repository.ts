import { Injectable } from '@nestjs/common';
import type { Message, MessageRevision, SystemEvent } from '@pneumatic/contracts';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../core/errors';
import { Database, SyncSql, toDate, toInt } from '../../database/database.service';
import { AttachmentsRepository, AttachmentsTakenError } from '../attachments/attachments.repository';
import { toAttachment, type StoredAttachment } from '../attachments/dto/attachment.dto';
import { replyPreviewOf, toMessage } from './dto/message.dto';
import { PostgresMessageBatch } from './message-batch.postgres';
import { mentionRows, mentionsColumn } from './message-mentions';

export interface MessageDraft {
  readonly id: string;
  readonly messageId: string;
  readonly senderId: string;
  readonly conversationId: string;
  readonly content: string;
  readonly createdAt: Date;
  /** The sender's uploads it takes, checked by the attachments service; claimed in the send's own transaction. */
  readonly attachments?: readonly StoredAttachment[];
  /** The message it answers (already checked to be of the same conversation), as it is now. */
  readonly replyTo?: Message | null;
  /** The members its text mentions, each once (none: absent or []). */
  readonly mentions?: readonly string[];
}

/** The sender already used this idempotency key: the stored message wins. */
export class DuplicateMessageKeyError extends Error {}

/**
 * The sender is not (or no longer) a member when the message would take its seq: removed from the group by a change
 * that committed between the membership check and the append. Nothing is stored.
 */
export class SenderNotMemberError extends Error {}

/**
 * Every column of a message `m` as the wire shows it, and of the original `r` it answers, as that one is now (see
 * toMessage): read with {@link MESSAGES_FROM}, one primary-key lookup per reply.
 */
export const MESSAGE_COLUMNS = `m.id, m.message_id, m.sender_id, m.conversation_id, m.seq, m.change_seq, m.content, m.created_at,
  m.edited_at, m.deleted_at, m.reactions, m.reply_to_id, r.seq AS reply_seq, r.sender_id AS reply_sender_id,
  r.content AS reply_content, r.deleted_at AS reply_deleted_at, m.kind, m.system, m.attachments, m.mentions`;
/** The join that brings the original `r` of a message `m` (search joins it onto its own `m`). */
export const REPLY_JOIN = 'LEFT JOIN messages r ON r.id = m.reply_to_id';
export const MESSAGES_FROM = `messages m ${REPLY_JOIN}`;
const INSERT_COLUMNS =
  'id, message_id, sender_id, conversation_id, seq, change_seq, content, created_at, reply_to_id, attachments, mentions';
const INSERT_MESSAGE = `INSERT INTO messages (${INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;
const INSERT_SYSTEM_MESSAGE = `INSERT INTO messages (${INSERT_COLUMNS}, kind, system) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'system', $12)`;
const MOVE_SENDER_READ_MARKER =
  'UPDATE conversation_members SET last_read_seq = $3 WHERE conversation_id = $1 AND user_id = $2 AND last_read_seq < $3';
/** Above any seq or change_seq a conversation can reach (they are 32-bit integers). */
const NO_BOUND = 2 ** 31 - 1;

/** The only code that appends and reads messages (and takes seqs from their conversation's counters). */
@Injectable()
export class MessagesRepository {
  /** PostgreSQL's group commit (SQLite's is {@link Database.writeBatched}). */
  private readonly batch: PostgresMessageBatch | null;

  constructor(
    private readonly database: Database,
    private readonly attachments: AttachmentsRepository,
  ) {
    this.batch = database.batchesOnPostgres ? new PostgresMessageBatch(database, INSERT_COLUMNS) : null;
  }

  findBySenderKey(senderId: string, messageId: string): Promise<Message | null> {
    return this.database
      .query(`SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES_FROM} WHERE m.sender_id = $1 AND m.message_id = $2`, [senderId, messageId])
      .then(([row]) => (row ? toMessage(row) : null));
  }

  /** A message by its id; inside a transaction on PostgreSQL, `lock` holds its row until the transaction ends. */
  async findById(id: string, tx?: EntityManager, lock = false): Promise<Message | null> {
    const forUpdate = lock && this.database.kind === 'postgres' ? ' FOR UPDATE OF m' : '';
    const [row] = await this.database.query(`SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES_FROM} WHERE m.id = $1${forUpdate}`, [id], tx);
    return row ? toMessage(row) : null;
  }

  /**
   * Appends a message in ONE transaction: take the next seq and change_seq from the conversation row (the UPDATE
   * locks it, so concurrent senders queue), insert, bump last activity, and move the sender's read marker to it. A
   * reused key rolls all of it back, so a replay never consumes a seq. On better-sqlite3 and on PostgreSQL the
   * transaction is part of a group commit shared with the sends of the same moment.
   */
  async append(draft: MessageDraft): Promise<Message> {
    try {
      if (this.database.groupsCommits) return await this.database.writeBatched((sql) => this.appendNow(sql, draft));
      if (this.batch) return await this.appendBatched(this.batch, draft);
      return await this.database.write((tx) => this.appendIn(tx, draft));
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateMessageKeyError(draft.messageId);
      throw error;
    }
  }

  private async appendBatched(batch: PostgresMessageBatch, draft: MessageDraft): Promise<Message> {
    const outcome = await batch.append(draft);
    switch (outcome.kind) {
      case 'stored':
        return messageOf(draft, outcome.seq, outcome.changeSeq);
      case 'not-member':
        throw new SenderNotMemberError(draft.conversationId);
      case 'duplicate':
        throw new DuplicateMessageKeyError(draft.messageId);
      case 'attachments-taken':
        throw new AttachmentsTakenError();
    }
  }

  /**
   * Appends inside the caller's transaction: takes the next seq and change_seq from the conversation row (the UPDATE
   * locks it on PostgreSQL), inserts, bumps last activity and moves the sender's read marker. A system message
   * (`system` given) is stored with kind 'system' and what it records.
   */
  async appendIn(tx: EntityManager, draft: MessageDraft, system: SystemEvent | null = null): Promise<Message> {
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
    // Checked once the conversation row is held: a removal that committed first is seen, one that comes later waits.
    if (!system && !(await this.isMember(tx, draft.conversationId, draft.senderId))) throw new SenderNotMemberError(draft.conversationId);
    const seq = toInt(counters.last_seq);
    const changeSeq = toInt(counters.last_change_seq);
    const values = [
      draft.id,
      draft.messageId,
      draft.senderId,
      draft.conversationId,
      seq,
      changeSeq,
      draft.content,
      draft.createdAt,
      draft.replyTo?.id ?? null,
      attachmentsColumn(draft),
      mentionsColumn(draft.mentions),
    ];
    if (system) await this.database.query(INSERT_SYSTEM_MESSAGE, [...values, JSON.stringify(system)], tx);
    else await this.database.query(INSERT_MESSAGE, values, tx);
    const ids = attachmentIds(draft);
    if (ids) await this.attachments.claim(tx, draft.id, draft.conversationId, draft.senderId, ids);
    const mentions = mentionRows(draft.id, draft.conversationId, seq, draft.mentions);
    if (mentions) await this.database.query(mentions.sql, mentions.values, tx);
    await this.database.query(MOVE_SENDER_READ_MARKER, [draft.conversationId, draft.senderId, seq], tx);
    return { ...messageOf(draft, seq, changeSeq), ...(system ? { kind: 'system' as const, system } : {}) };
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
    // A read, so a sender removed a moment ago fails alone, before this write has changed anything.
    const member = sql.get('SELECT 1 AS one FROM conversation_members WHERE conversation_id = $1 AND user_id = $2', [
      draft.conversationId,
      draft.senderId,
    ]);
    if (!member) throw new SenderNotMemberError(draft.conversationId);
    const inserted = sql.get<{ seq: number; change_seq: number }>(
      `INSERT INTO messages (${INSERT_COLUMNS})
       SELECT $1, $2, $3, id, last_seq + 1, last_change_seq + 1, $5, $6, $7, $8, $9 FROM conversations WHERE id = $4
       RETURNING seq, change_seq`,
      [
        draft.id,
        draft.messageId,
        draft.senderId,
        draft.conversationId,
        draft.content,
        draft.createdAt,
        draft.replyTo?.id ?? null,
        attachmentsColumn(draft),
        mentionsColumn(draft.mentions),
      ],
    );
    if (!inserted) throw new Error(`conversation ${draft.conversationId} does not exist`);
    if (ids) AttachmentsRepository.claimNow(sql, draft.id, draft.conversationId, draft.senderId, ids);
    const mentions = mentionRows(draft.id, draft.conversationId, inserted.seq, draft.mentions);
    if (mentions) sql.run(mentions.sql, mentions.values);
    sql.run('UPDATE conversations SET last_seq = $2, last_change_seq = $3, updated_at = $4 WHERE id = $1', [
      draft.conversationId,
      inserted.seq,
      inserted.change_seq,
      draft.createdAt,
    ]);
    sql.run(MOVE_SENDER_READ_MARKER, [draft.conversationId, draft.senderId, inserted.seq]);
    return messageOf(draft, inserted.seq, inserted.change_seq);
  }

  private async isMember(tx: EntityManager, conversationId: string, userId: string): Promise<boolean> {
    const rows = await this.database.query(
      'SELECT 1 AS one FROM conversation_members WHERE conversation_id = $1 AND user_id = $2',
      [conversationId, userId],
      tx,
    );
    return rows.length > 0;
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
        `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES_FROM} WHERE m.conversation_id = $1 AND m.seq > $2 ORDER BY m.seq ASC LIMIT $3`,
        [conversationId, options.afterSeq, take],
      );
    } else {
      rows = await this.database.query(
        `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES_FROM} WHERE m.conversation_id = $1 AND m.seq < $2 ORDER BY m.seq DESC LIMIT $3`,
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
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES_FROM}
       WHERE m.conversation_id = $1 AND m.change_seq > $2 AND m.change_seq <= $3 AND m.seq <= $4
       ORDER BY m.change_seq ASC LIMIT $5`,
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
    reactions: [],
    reply_to: draft.replyTo ? replyPreviewOf(draft.replyTo) : null,
    mentions: draft.mentions ? [...draft.mentions] : [],
    kind: 'user',
    system: null,
  };
}
