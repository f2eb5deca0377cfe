import { Injectable } from '@nestjs/common';
import { LIMITS, type SearchMessagesQuery, type SearchMessagesResponse } from '@pneumatic/contracts';
import { ValidationFailedError } from '../../core/errors';
import { ConversationsService } from '../conversations/conversations.service';
import { MessageSearchRepository } from './message-search.repository';
import { decodeCursor, encodeCursor } from './search-cursor';
import { parseSearch } from './search-query';
import { snippetOf } from './search-snippet';

/**
 * Message search (SPEC 10.5): what the caller may read now — conversations they are a member of, messages as they are
 * (never deleted, never a system message, an edited one by its new text only), newest first.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly repository: MessageSearchRepository,
    private readonly conversations: ConversationsService,
  ) {}

  async searchMessages(callerId: string, query: SearchMessagesQuery): Promise<SearchMessagesResponse> {
    if (query.q.trim().length === 0) throw new ValidationFailedError([{ field: 'q', message: 'q must contain something to search for' }]);
    const beforeDocId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.conversation_id) await this.conversations.requireMember(query.conversation_id, callerId);
    const { terms, usernames } = parseSearch(query.q);
    // Nothing but punctuation (`*`, `-`, `"`…): no word to look for.
    if (terms.length === 0 && usernames.length === 0) return { results: [], next_cursor: null };
    const limit = query.limit ?? LIMITS.searchPageDefault;
    const rows = await this.repository.search({
      callerId,
      terms,
      usernames,
      conversationId: query.conversation_id,
      senderId: query.from,
      before: query.before === undefined ? undefined : new Date(query.before),
      after: query.after === undefined ? undefined : new Date(query.after),
      beforeDocId,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      results: page.map(({ message }) => ({ message, ...snippetOf(message.content, terms) })),
      next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1].docId) : null,
    };
  }
}
