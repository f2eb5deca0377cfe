import { Injectable } from '@nestjs/common';
import type { Message } from '@pneumatic/contracts';
import { Database, toInt } from '../../database/database.service';
import { toMessage } from '../messages/dto/message.dto';
import { MESSAGE_COLUMNS, REPLY_JOIN } from '../messages/messages.repository';
import { SearchTerm, toFts5Query, toTsQuery } from './search-query';

export interface SearchCriteria {
  readonly callerId: string;
  /** Required terms; none: every message the other criteria allow. */
  readonly terms: readonly SearchTerm[];
  /** Senders by username (any of them). */
  readonly usernames: readonly string[];
  readonly conversationId?: string;
  readonly senderId?: string;
  readonly before?: Date;
  readonly after?: Date;
  /** Only results after this one in the search order (a cursor). */
  readonly beforeDocId?: number;
  readonly limit: number;
}

export interface SearchRow {
  /** The place in the search order (newest stored first). */
  readonly docId: number;
  readonly message: Message;
}

/** The message of each result as the wire shows it (its reply preview included). */
const COLUMNS = MESSAGE_COLUMNS;
const MESSAGE_JOIN = `messages m ON m.id = d.message_id ${REPLY_JOIN}`;

/**
 * The only code that reads the search index (created by migration 1765500000000). Membership is a join inside the
 * query, so a page holds `limit` readable results whenever that many exist. Results come in the index's order,
 * newest stored first, which both databases walk backwards from the newest: a common word stops as soon as the
 * page is full.
 */
@Injectable()
export class MessageSearchRepository {
  constructor(private readonly database: Database) {}

  async search(criteria: SearchCriteria): Promise<SearchRow[]> {
    const params: unknown[] = [criteria.callerId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const filters: string[] = [];
    const sql = this.database.kind === 'postgres' ? this.postgres(criteria, param) : this.sqlite(criteria, param);
    if (criteria.beforeDocId !== undefined) filters.push(`${sql.order} < ${param(criteria.beforeDocId)}`);
    if (criteria.conversationId) filters.push(`d.conversation_id = ${param(criteria.conversationId)}`);
    if (criteria.senderId) filters.push(`d.sender_id = ${param(criteria.senderId)}`);
    if (criteria.before) filters.push(`d.created_at < ${param(criteria.before)}`);
    if (criteria.after) filters.push(`d.created_at > ${param(criteria.after)}`);
    if (criteria.usernames.length > 0) {
      filters.push(`d.sender_id IN (SELECT id FROM users WHERE username IN (${criteria.usernames.map(param).join(', ')}))`);
    }
    const where = filters.length > 0 ? `${sql.where.length > 0 ? ' AND ' : ' WHERE '}${filters.join(' AND ')}` : '';
    const rows = await this.database.query(
      `${sql.from}${sql.where}${where} ORDER BY ${sql.order} DESC LIMIT ${param(criteria.limit)}`,
      params,
    );
    return rows.map((row) => ({ docId: toInt(row['search_doc_id']), message: toMessage(row) }));
  }

  /** CROSS JOIN keeps SQLite's planner on the index's order: from the newest match backwards, stopping when full. */
  private sqlite(criteria: SearchCriteria, param: (value: unknown) => string) {
    const joins = `CROSS JOIN conversation_members cm ON cm.conversation_id = d.conversation_id AND cm.user_id = $1
      CROSS JOIN ${MESSAGE_JOIN}`;
    if (criteria.terms.length === 0) {
      return { from: `SELECT d.doc_id AS search_doc_id, ${COLUMNS} FROM message_search_docs d ${joins}`, where: '', order: 'd.doc_id' };
    }
    return {
      from: `SELECT d.doc_id AS search_doc_id, ${COLUMNS} FROM message_search
        CROSS JOIN message_search_docs d ON d.doc_id = message_search.rowid ${joins}`,
      where: ` WHERE message_search MATCH ${param(toFts5Query(criteria.terms))}`,
      order: 'message_search.rowid',
    };
  }

  private postgres(criteria: SearchCriteria, param: (value: unknown) => string) {
    return {
      from: `SELECT d.doc_id AS search_doc_id, ${COLUMNS} FROM message_search_docs d
        JOIN conversation_members cm ON cm.conversation_id = d.conversation_id AND cm.user_id = $1
        JOIN ${MESSAGE_JOIN}`,
      where: criteria.terms.length > 0 ? ` WHERE d.vector @@ ${param(toTsQuery(criteria.terms))}::tsquery` : '',
      order: 'd.doc_id',
    };
  }
}
