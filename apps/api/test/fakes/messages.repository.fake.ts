import type { Message } from '@pneumatic/contracts';
import { DuplicateMessageKeyError, type MessageDraft, type MessagesRepository } from '../../src/modules/messages/messages.repository';
import type { PublicOf } from '../test-service';
import type { FakeConversationsRepository } from './conversations.repository.fake';

/** In-memory messages that take their seq from the fake conversations, with the unique sender key. */
export class FakeMessagesRepository implements PublicOf<MessagesRepository> {
  readonly rows: Message[] = [];

  constructor(private readonly conversations: FakeConversationsRepository) {}

  async findBySenderKey(senderId: string, messageId: string) {
    return this.rows.find((m) => m.sender_id === senderId && m.message_id === messageId) ?? null;
  }

  async append(draft: MessageDraft) {
    if (await this.findBySenderKey(draft.senderId, draft.messageId)) throw new DuplicateMessageKeyError(draft.messageId);
    const conversation = this.conversations.conversations.get(draft.conversationId);
    if (!conversation) throw new Error('no conversation');
    conversation.lastSeq += 1;
    conversation.updatedAt = draft.createdAt;
    const message: Message = {
      id: draft.id,
      message_id: draft.messageId,
      sender_id: draft.senderId,
      conversation_id: draft.conversationId,
      seq: conversation.lastSeq,
      content: draft.content,
      created_at: draft.createdAt.toISOString(),
    };
    this.rows.push(message);
    return message;
  }

  async page(conversationId: string, options: { limit: number; beforeSeq?: number; afterSeq?: number }) {
    const all = this.rows.filter((m) => m.conversation_id === conversationId).sort((a, b) => a.seq - b.seq);
    const selected =
      options.afterSeq !== undefined
        ? all.filter((m) => m.seq > (options.afterSeq as number)).slice(0, options.limit + 1)
        : all.filter((m) => m.seq < (options.beforeSeq ?? Infinity)).slice(-(options.limit + 1));
    const hasMore = selected.length > options.limit;
    const messages = hasMore ? (options.afterSeq !== undefined ? selected.slice(0, -1) : selected.slice(1)) : selected;
    return { messages, hasMore };
  }
}
