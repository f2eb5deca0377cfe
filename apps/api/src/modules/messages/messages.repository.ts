import { Injectable } from '@nestjs/common';
import type { Message } from '@pneumatic/contracts';
import { isUniqueViolation } from '../../core/errors';
import { Database, SyncSql } from '../../database/database.service';
import { toMessage } from './dto/message.dto';

export interface MessageDraft {
  readonly id: string;
  readonly messageId: string;
  readonly senderId: string;
  readonly conversationId: string;
  readonly content: string;
  readonly createdAt: Date;
}

/** The sender already used this idempotency key: the stored message wins. */
export class DuplicateMessageKeyError extends Error {}

const COLUMNS = 'id, message_id, sender_id, conversation_id, seq, content, created_at';
const INSERT_MESSAGE = `INSERT INTO messages (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`;
const MOVE_SENDER_READ_MARKER =
  'UPDATE conversation_members SET last_read_seq = $3 WHERE conversation_id = $1 AND user_id = $2 AND last_read_seq < $3';

/** The only code that reads and writes messages (and the seq counter it takes them from). */
@Injectable()
export class MessagesRepository {
  constructor(private readonly database: Database) {}

  findBySenderKey(senderId: string, messageId: string): Promise<Message | null> {
    return this.database
      .query(`SELECT ${COLUMNS} FROM messages WHERE sender_id = $1 AND message_id = $2`, [senderId, messageId])
      .then(([row]) => (row ? toMessage(row) : null));
  }

  /**
   * Appends a message in ONE transaction: take the next seq from the conversation row (the UPDATE
   * locks it, so concurrent senders queue), insert, bump last activity, and move the sender's read
   * marker to it. A reused key rolls all of it back, so a replay never consumes a seq. On better-sqlite3
   * the transaction is one savepoint of a group commit shared with the sends of the same moment.
   */
  async append(draft: MessageDraft): Promise<Message> {
    try {
      if (this.database.groupsCommits) return await this.database.writeBatched((sql) => this.appendNow(sql, draft));
      return await this.database.write(async (tx) => {
        await this.database.query(
          'UPDATE conversations SET last_seq = last_seq + 1, updated_at = $2 WHERE id = $1',
          [draft.conversationId, draft.createdAt],
          tx,
        );
        const [{ last_seq: seq }] = await this.database.query<{ last_seq: number }>(
          'SELECT last_seq FROM conversations WHERE id = $1',
          [draft.conversationId],
          tx,
        );
        await this.database.query(
          INSERT_MESSAGE,
          [draft.id, draft.messageId, draft.senderId, draft.conversationId, seq, draft.content, draft.createdAt],
          tx,
        );
        await this.database.query(MOVE_SENDER_READ_MARKER, [draft.conversationId, draft.senderId, seq], tx);
        return messageOf(draft, seq);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateMessageKeyError(draft.messageId);
      throw error;
    }
  }

  /**
   * The same transaction's statements, run synchronously inside a group commit (SQLite through better-sqlite3).
   * The insert comes first, taking the next seq in a subquery: a reused key breaks it before anything is
   * written, so the replay fails alone without undoing its batch-mates.
   */
  private appendNow(sql: SyncSql, draft: MessageDraft): Message {
    const inserted = sql.get<{ seq: number }>(
      `INSERT INTO messages (${COLUMNS}) VALUES ($1, $2, $3, $4, (SELECT last_seq + 1 FROM conversations WHERE id = $4), $5, $6) RETURNING seq`,
      [draft.id, draft.messageId, draft.senderId, draft.conversationId, draft.content, draft.createdAt],
    );
    const seq = (inserted as { seq: number }).seq;
    sql.run('UPDATE conversations SET last_seq = $2, updated_at = $3 WHERE id = $1', [draft.conversationId, seq, draft.createdAt]);
    sql.run(MOVE_SENDER_READ_MARKER, [draft.conversationId, draft.senderId, seq]);
    return messageOf(draft, seq);
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
        `SELECT ${COLUMNS} FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq ASC LIMIT $3`,
        [conversationId, options.afterSeq, take],
      );
    } else {
      rows = await this.database.query(
        `SELECT ${COLUMNS} FROM messages WHERE conversation_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`,
        [conversationId, options.beforeSeq ?? 2 ** 31 - 1, take],
      );
      rows.reverse();
    }
    const hasMore = rows.length > options.limit;
    if (hasMore) {
      if (options.afterSeq !== undefined) rows.pop();
      else rows.shift();
    }
    return { messages: rows.map(toMessage), hasMore };
  }
}

function messageOf(draft: MessageDraft, seq: number): Message {
  return toMessage({
    id: draft.id,
    message_id: draft.messageId,
    sender_id: draft.senderId,
    conversation_id: draft.conversationId,
    seq,
    content: draft.content,
    created_at: draft.createdAt,
  });
}
