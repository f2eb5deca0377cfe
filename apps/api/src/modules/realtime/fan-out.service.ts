import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Conversation, Message } from '@pneumatic/contracts';
import { DomainEvents } from '../../core/events/domain-events';
import { ConversationsService } from '../conversations/conversations.service';
import { ChatMetrics } from '../observability/chat-metrics.service';
import { RawClients } from './raw-clients';
import { ChatServer, userRoom } from './realtime.types';

/**
 * Turns committed domain events into deliveries: every connected device of every member, on
 * Socket.IO and on the raw WebSocket, exactly once (one emit to the members' user rooms; Socket.IO
 * sends each socket a room set's emit once).
 */
@Injectable()
export class FanOutService implements OnModuleInit, OnModuleDestroy {
  private server: ChatServer | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly events: DomainEvents,
    private readonly rawClients: RawClients,
    private readonly conversations: ConversationsService,
    private readonly metrics: ChatMetrics,
  ) {}

  /** Called by the gateway once Socket.IO is up. */
  attach(server: ChatServer): void {
    this.server = server;
  }

  onModuleInit(): void {
    this.unsubscribe.push(
      this.events.on('message.created', ({ message, memberIds, acceptedAt }) => {
        this.deliverMessage(message, memberIds);
        this.metrics.fanOutLatency(Date.now() - acceptedAt);
      }),
      this.events.on('conversation.members-added', ({ conversationId, userIds }) => void this.announceConversation(conversationId, userIds)),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  deliverMessage(message: Message, memberIds: readonly string[]): void {
    this.server?.to(memberIds.map(userRoom)).emit('message:new', { message });
    this.rawClients.send(memberIds, { type: 'message', message });
  }

  /** A new conversation (or new members): each added member's devices get it as that member sees it. */
  private async announceConversation(conversationId: string, userIds: readonly string[]): Promise<void> {
    if (!this.server || userIds.length === 0) return;
    const conversation: Conversation = await this.conversations.get(userIds[0], conversationId);
    // Just created or joined: nothing read yet, the same view for everyone added.
    const view: Conversation = { ...conversation, last_read_seq: 0, unread_count: conversation.last_seq };
    this.server.to(userIds.map(userRoom)).emit('conversation:new', { conversation: view });
  }
}
