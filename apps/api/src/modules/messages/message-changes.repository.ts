import { Injectable } from '@nestjs/common';
import type { Message, Reaction } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Database, toInt } from '../../database/database.service';
import { AttachmentsRepository } from '../attachments/attachments.repository';
import { DELETE_MENTION_ROWS, mentionRows, mentionsColumn } from './message-mentions';
import { MessagesRepository } from './messages.repository';

/** What a change writes, given the transaction and the change_seq it took (the message's own change_seq is set after). */
export type ChangeWork = (tx: EntityManager, changeSeq: number) => Promise<void>;

export interface ChangeOutcome {
  /** The message afterwards (as it was when nothing changed). */
  readonly message: Message;
  readonly changed: boolean;
}

/**
 * The only code that changes stored messages (SPEC 10.1). Every change runs in ONE transaction that holds the
 * message, lets the caller decide from its current state, takes the conversation's next change_seq, writes the
 * change and stamps the message with that change_seq — so a change is never half-made, never lost to a concurrent
 * one, and always visible to `changes` catch-up. Edits, deletions and reactions are here.
 */
@Injectable()
export class MessageChangesRepository {
  constructor(
    private readonly database: Database,
    private readonly messages: MessagesRepository,
    private readonly attachments: AttachmentsRepository,
  ) {}

  /**
   * `decide` sees the message as it is now (its row locked on PostgreSQL; SQLite has one writer) and returns the work
   * to do, or null to leave it as it is; it may throw to refuse, and then nothing is written. Resolves after commit;
   * null when the message does not exist.
   */
  change(messageId: string, decide: (current: Message) => ChangeWork | null): Promise<ChangeOutcome | null> {
    return this.database.write(async (tx) => {
      const current = await this.messages.findById(messageId, tx, true);
      if (!current) return null;
      const work = decide(current);
      if (!work) return { message: current, changed: false };
      await this.database.query(
        'UPDATE conversations SET last_change_seq = last_change_seq + 1 WHERE id = $1',
        [current.conversation_id],
        tx,
      );
      const [{ last_change_seq }] = await this.database.query<{ last_change_seq: unknown }>(
        'SELECT last_change_seq FROM conversations WHERE id = $1',
        [current.conversation_id],
        tx,
      );
      const changeSeq = toInt(last_change_seq);
      await work(tx, changeSeq);
      await this.database.query('UPDATE messages SET change_seq = $2 WHERE id = $1', [messageId, changeSeq], tx);
      return { message: (await this.messages.findById(messageId, tx)) as Message, changed: true };
    });
  }

  /** Replaces the text and the mentions it makes, keeping the text it replaces as a revision. */
  edit(current: Message, content: string, mentions: readonly string[], editedAt: Date): ChangeWork {
    return async (tx, changeSeq) => {
      await this.database.query(
        'INSERT INTO message_revisions (id, message_id, content, edited_at, change_seq) VALUES ($1, $2, $3, $4, $5)',
        [randomUUID(), current.id, current.content, editedAt, changeSeq],
        tx,
      );
      await this.database.query(
        'UPDATE messages SET content = $2, edited_at = $3, mentions = $4 WHERE id = $1',
        [current.id, content, editedAt, mentionsColumn(mentions)],
        tx,
      );
      if (current.mentions.length > 0) await this.database.query(DELETE_MENTION_ROWS, [current.id], tx);
      const rows = mentionRows(current.id, current.conversation_id, current.seq, mentions);
      if (rows) await this.database.query(rows.sql, rows.values, tx);
    };
  }

  /**
   * Makes the message a tombstone: its text, every earlier text and its files are gone from the database (the files'
   * rows are marked for their bytes to be removed from storage after the commit), its place stays.
   */
  delete(current: Message, deletedAt: Date): ChangeWork {
    return async (tx) => {
      await this.database.query('DELETE FROM message_revisions WHERE message_id = $1', [current.id], tx);
      if (current.mentions.length > 0) await this.database.query(DELETE_MENTION_ROWS, [current.id], tx);
      await this.database.query(
        "UPDATE messages SET content = '', edited_at = NULL, deleted_at = $2, reactions = '[]', attachments = NULL, mentions = NULL WHERE id = $1",
        [current.id, deletedAt],
        tx,
      );
      if (current.attachments.length > 0) await this.attachments.markDeletedWith(tx, current.id, deletedAt);
    };
  }

  /** Replaces the message's reactions (stored without their counts, which the user lists give). */
  react(current: Message, reactions: readonly Reaction[]): ChangeWork {
    const stored = JSON.stringify(reactions.map(({ emoji, user_ids }) => ({ emoji, user_ids })));
    return async (tx) => {
      await this.database.query('UPDATE messages SET reactions = $2 WHERE id = $1', [current.id, stored], tx);
    };
  }
}
