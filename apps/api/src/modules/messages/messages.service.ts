import { Injectable } from '@nestjs/common';
import { LIMITS, type Message, type MessagesPage, type SyncPayload, type SyncResponse, type SyncResult } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import { KeyedSerialQueue } from '../../core/concurrency/keyed-serial-queue';
import { ConflictError, ForbiddenError, ValidationFailedError } from '../../core/errors';
import { DomainEvents } from '../../core/events/domain-events';
import { ConversationsService } from '../conversations/conversations.service';
import { DuplicateMessageKeyError, MessagesRepository } from './messages.repository';

export interface SendInput {
  readonly conversation_id: string;
  readonly message_id: string;
  readonly content: string;
  readonly sender_id?: string;
}

export interface SendResult {
  readonly message: Message;
  /** False for an idempotent replay: the stored message, not stored or announced again. */
  readonly created: boolean;
}

/** Sending and reading messages. REST, Socket.IO and the raw WebSocket all call `send`. */
@Injectable()
export class MessagesService {
  private readonly announceInOrder = new KeyedSerialQueue();

  constructor(
    private readonly messages: MessagesRepository,
    private readonly conversations: ConversationsService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Stores a message once per (sender, message_id): a replay with the same conversation and content
   * returns the stored message; the same key with anything else is a 409. Resolves only after commit.
   */
  async send(senderId: string, input: SendInput): Promise<SendResult> {
    const acceptedAt = Date.now();
    if (input.sender_id !== undefined && input.sender_id !== senderId) {
      throw new ForbiddenError('sender_id must match authenticated user');
    }
    await this.conversations.requireMember(input.conversation_id, senderId);
    try {
      // Commit and announce under one per-conversation lock, so this instance announces a
      // conversation's messages in seq order even when PostgreSQL commits them side by side.
      const message = await this.announceInOrder.run(input.conversation_id, async () => {
        const appended = await this.messages.append({
          id: randomUUID(),
          messageId: input.message_id,
          senderId,
          conversationId: input.conversation_id,
          content: input.content,
          createdAt: new Date(acceptedAt),
        });
        const memberIds = await this.conversations.membersOf(appended.conversation_id);
        this.events.emit('message.created', { message: appended, memberIds, acceptedAt });
        return appended;
      });
      return { message, created: true };
    } catch (error) {
      if (!(error instanceof DuplicateMessageKeyError)) throw error;
      // A replay (the key's unique index refused it, spending no seq), or a concurrent one committed first: answer with the stored message.
      const winner = await this.messages.findBySenderKey(senderId, input.message_id);
      if (!winner) throw error;
      return { message: this.replayOf(winner, input), created: false };
    }
  }

  async history(callerId: string, conversationId: string, query: { limit?: number; before_seq?: number; after_seq?: number }): Promise<MessagesPage> {
    if (query.before_seq !== undefined && query.after_seq !== undefined) {
      throw new ValidationFailedError([{ field: 'after_seq', message: 'use either before_seq or after_seq, not both' }]);
    }
    await this.conversations.requireMember(conversationId, callerId);
    const page = await this.messages.page(conversationId, {
      limit: query.limit ?? LIMITS.historyPageDefault,
      beforeSeq: query.before_seq,
      afterSeq: query.after_seq,
    });
    return { messages: page.messages, has_more: page.hasMore };
  }

  /**
   * Catch-up for a client that was away: per listed conversation (of the caller's) the oldest
   * messages after its seq, and every conversation of the caller it did not list. Repeated while
   * `has_more`, it leaves no gap and no duplicate. Conversations the caller is not in are left out.
   */
  async sync(callerId: string, payload: SyncPayload): Promise<SyncResponse> {
    const mine = await this.conversations.list(callerId);
    const mineById = new Map(mine.map((conversation) => [conversation.id, conversation]));
    const listed = new Map(payload.conversations.map((cursor) => [cursor.conversation_id, cursor.after_seq]));
    const results: SyncResult[] = [];
    for (const [conversationId, afterSeq] of listed) {
      const conversation = mineById.get(conversationId);
      if (!conversation) continue;
      if (conversation.last_seq <= afterSeq) {
        results.push({ conversation_id: conversationId, messages: [], has_more: false });
        continue;
      }
      const page = await this.messages.page(conversationId, { limit: LIMITS.syncPageMax, afterSeq });
      results.push({ conversation_id: conversationId, messages: page.messages, has_more: page.hasMore });
    }
    return { results, conversations: mine.filter((conversation) => !listed.has(conversation.id)) };
  }

  private replayOf(stored: Message, input: SendInput): Message {
    if (stored.conversation_id !== input.conversation_id || stored.content !== input.content) {
      throw new ConflictError('message_id was already used for a different message');
    }
    return stored;
  }
}
