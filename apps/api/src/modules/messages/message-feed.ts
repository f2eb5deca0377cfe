import { Injectable } from '@nestjs/common';
import type { Message } from '@pneumatic/contracts';
import { KeyedSerialQueue } from '../../core/concurrency/keyed-serial-queue';
import { DomainEvents } from '../../core/events/domain-events';
import { ConversationsService } from '../conversations/conversations.service';
import { ChangeWork, MessageChangesRepository } from './message-changes.repository';

/**
 * The road every message takes into the conversation's feed (SPEC 10.1): a creation or a change is committed, then
 * announced — `message.created` or `message.updated`, to every member — under one lock per conversation, so that
 * this instance announces a conversation's messages in the order of their counters even when PostgreSQL commits
 * them side by side.
 */
@Injectable()
export class MessageFeed {
  private readonly inOrder = new KeyedSerialQueue();

  constructor(
    private readonly conversations: ConversationsService,
    private readonly changes: MessageChangesRepository,
    private readonly events: DomainEvents,
  ) {}

  /** Commits a new message (`commit` stores it) and announces it. */
  append(conversationId: string, acceptedAt: number, commit: () => Promise<Message>): Promise<Message> {
    return this.inOrder.run(conversationId, async () => {
      const message = await commit();
      const memberIds = await this.conversations.membersOf(conversationId);
      this.events.emit('message.created', { message, memberIds, acceptedAt });
      return message;
    });
  }

  /**
   * Changes a stored message as `decide` says from its current state (see MessageChangesRepository.change) and, when
   * something changed, announces the message as it is now. Resolves to the current message; null if it is gone.
   */
  change(message: Message, decide: (current: Message) => ChangeWork | null): Promise<Message | null> {
    return this.inOrder.run(message.conversation_id, async () => {
      const outcome = await this.changes.change(message.id, decide);
      if (outcome?.changed) {
        const memberIds = await this.conversations.membersOf(message.conversation_id);
        this.events.emit('message.updated', { message: outcome.message, memberIds });
      }
      return outcome?.message ?? null;
    });
  }
}
