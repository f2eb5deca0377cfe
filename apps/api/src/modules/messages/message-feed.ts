import { Injectable } from '@nestjs/common';
import type { Conversation, Message } from '@pneumatic/contracts';
import { KeyedSerialQueue } from '../../core/concurrency/keyed-serial-queue';
import { DomainEvents } from '../../core/events/domain-events';
import { ConversationsService } from '../conversations/conversations.service';
import { ChangeWork, MessageChangesRepository } from './message-changes.repository';

/** What a change to a conversation did: the system messages it appended, who was added and who removed. */
export interface GroupChange {
  readonly messages: readonly Message[];
  readonly addedIds: readonly string[];
  readonly removedIds: readonly string[];
}

/**
 * The road every message takes into the conversation's feed (SPEC 10.1): a creation or a change is committed, then
 * announced — `message.created` or `message.updated`, to every member — under one lock per conversation, so that
 * this instance announces a conversation's messages in the order of their counters even when PostgreSQL commits
 * them side by side.
 *
 * A new message does not wait for the one before it to be announced before it is committed: the group commit keeps
 * the order in which sends reach it, so several sends to one conversation share a batch (one conversation's burst
 * would otherwise cost a commit per message). It waits only for a change to the conversation or to a message that
 * is under way, which takes the lock for its commit as before: whatever is sent after it is numbered after it.
 */
@Injectable()
export class MessageFeed {
  private readonly inOrder = new KeyedSerialQueue();
  /** Per conversation, the changes under way (settled or not, never rejected): new messages commit after them. */
  private readonly changesUnderWay = new Map<string, Promise<void>>();

  constructor(
    private readonly conversations: ConversationsService,
    private readonly changes: MessageChangesRepository,
    private readonly events: DomainEvents,
  ) {}

  /** Commits a new message (`commit` stores it) and announces it. */
  append(conversationId: string, acceptedAt: number, commit: () => Promise<Message>): Promise<Message> {
    const underWay = this.changesUnderWay.get(conversationId);
    const committed = underWay ? underWay.then(commit) : commit();
    // Awaited below, perhaps only after it has failed: handled now, so that its failure is never "unhandled".
    committed.catch(() => undefined);
    return this.inOrder.run(conversationId, async () => {
      const message = await committed;
      const memberIds = await this.conversations.membersOf(conversationId);
      this.events.emit('message.created', { message, memberIds, acceptedAt });
      return message;
    });
  }

  /**
   * A change to the conversation itself — who is in it, their roles, its title — committed by `commit` together with
   * the system messages that record it (SPEC 10.4), then announced under the same lock as the conversation's
   * messages: the member caches forget the conversation first, so every delivery from then on follows the new
   * membership. Removed members hear `conversation.members-removed`, added ones `conversation.members-added` with
   * their view; then the system messages go out like any new message, and the others get `conversation.updated`.
   */
  changeConversation(conversationId: string, commit: () => Promise<GroupChange | null>): Promise<GroupChange | null> {
    return this.underWay(conversationId, async () => {
      const acceptedAt = Date.now();
      const change = await commit();
      if (!change) return null;
      this.conversations.forgetMembers(conversationId);
      const memberIds = await this.conversations.membersOf(conversationId);
      const views = await this.conversations.viewsFor(conversationId, memberIds);
      if (change.removedIds.length > 0) this.events.emit('conversation.members-removed', { conversationId, userIds: change.removedIds });
      if (change.addedIds.length > 0) {
        const added = new Map(change.addedIds.flatMap((id) => (views.has(id) ? [[id, views.get(id) as Conversation] as const] : [])));
        this.events.emit('conversation.members-added', { conversationId, userIds: change.addedIds, views: added });
      }
      for (const message of change.messages) this.events.emit('message.created', { message, memberIds, acceptedAt });
      const others = new Map([...views].filter(([id]) => !change.addedIds.includes(id)));
      if (others.size > 0) this.events.emit('conversation.updated', { conversationId, views: others });
      return change;
    });
  }

  /**
   * Changes a stored message as `decide` says from its current state (see MessageChangesRepository.change) and, when
   * something changed, announces the message as it is now. Resolves to the current message; null if it is gone.
   */
  change(message: Message, decide: (current: Message) => ChangeWork | null): Promise<Message | null> {
    return this.underWay(message.conversation_id, async () => {
      const outcome = await this.changes.change(message.id, decide);
      if (outcome?.changed) {
        const memberIds = await this.conversations.membersOf(message.conversation_id);
        this.events.emit('message.updated', { message: outcome.message, memberIds });
      }
      return outcome?.message ?? null;
    });
  }

  /** Runs `job` under the conversation's lock, and makes new messages of the conversation commit after it. */
  private underWay<T>(conversationId: string, job: () => Promise<T>): Promise<T> {
    const done = this.inOrder.run(conversationId, job);
    const settled = done.then(
      () => undefined,
      () => undefined,
    );
    this.changesUnderWay.set(conversationId, settled);
    void settled.then(() => {
      if (this.changesUnderWay.get(conversationId) === settled) this.changesUnderWay.delete(conversationId);
    });
    return done;
  }
}
