import { Injectable } from '@nestjs/common';
import { LIMITS, type SyncPayload, type SyncResponse, type SyncResult } from '@pneumatic/contracts';
import { ConversationsService } from '../conversations/conversations.service';
import { MessagesRepository } from './messages.repository';

/**
 * `sync` (SPEC 6 and 10.1): catch-up for a device that was away. Per listed conversation of the caller's: the
 * oldest messages after its seq, in their current state; with `after_change_seq`, the older messages that changed
 * since; and the conversation itself. Plus the caller's conversations it did not list, and the listed ones it is
 * not in (`removed`). Repeated while `has_more` / `has_more_changes`, it leaves no gap, no duplicate, no stale copy.
 */
@Injectable()
export class CatchUpService {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesRepository,
  ) {}

  async sync(callerId: string, payload: SyncPayload): Promise<SyncResponse> {
    // Read before the messages: every change up to each conversation's last_change_seq is then in what follows.
    const mine = await this.conversations.list(callerId);
    const mineById = new Map(mine.map((conversation) => [conversation.id, conversation]));
    const listed = new Map(payload.conversations.map((cursor) => [cursor.conversation_id, cursor]));
    const results: SyncResult[] = [];
    const removed: string[] = [];
    for (const [conversationId, cursor] of listed) {
      const conversation = mineById.get(conversationId);
      if (!conversation) {
        removed.push(conversationId);
        continue;
      }
      const page =
        conversation.last_seq > cursor.after_seq
          ? await this.messages.page(conversationId, { limit: LIMITS.syncPageMax, afterSeq: cursor.after_seq })
          : { messages: [], hasMore: false };
      const result: SyncResult = { conversation_id: conversationId, messages: page.messages, has_more: page.hasMore, conversation };
      if (cursor.after_change_seq === undefined) {
        results.push(result);
        continue;
      }
      const changes =
        conversation.last_change_seq > cursor.after_change_seq
          ? await this.messages.changes(conversationId, {
              afterChangeSeq: cursor.after_change_seq,
              upToChangeSeq: conversation.last_change_seq,
              maxSeq: cursor.after_seq,
              limit: LIMITS.syncPageMax,
            })
          : { messages: [], hasMore: false };
      results.push({ ...result, changes: changes.messages, has_more_changes: changes.hasMore });
    }
    return { results, conversations: mine.filter((conversation) => !listed.has(conversation.id)), removed };
  }
}
