import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Conversation, Message, RawServerFrame, TypingEvent } from '@pneumatic/contracts';
import { DomainEvents } from '../../core/events/domain-events';
import { RedisService } from '../../core/redis/redis.service';
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
  private readonly logger = new Logger(FanOutService.name);
  private server: ChatServer | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly events: DomainEvents,
    private readonly rawClients: RawClients,
    private readonly conversations: ConversationsService,
    private readonly redis: RedisService,
    private readonly metrics: ChatMetrics,
  ) {}

  /** Called by the gateway once Socket.IO is up. */
  attach(server: ChatServer): void {
    this.server = server;
    // Frames caused on another instance, for this instance's raw /ws clients.
    server.on('raw:frame', (memberIds, frame) => this.rawClients.send(memberIds, frame));
  }

  onModuleInit(): void {
    this.unsubscribe.push(
      this.events.on('message.created', ({ message, memberIds, acceptedAt }) => {
        this.deliverMessage(message, memberIds);
        this.metrics.fanOutLatency(Date.now() - acceptedAt);
      }),
      this.events.on('message.updated', ({ message, memberIds }) => this.deliverUpdate(message, memberIds)),
      this.events.on('conversation.members-added', ({ conversationId, userIds, views }) =>
        views ? this.announceViews('conversation:new', views) : void this.announceConversation(conversationId, userIds),
      ),
      this.events.on('conversation.members-removed', ({ conversationId, userIds }) => this.deliverRemoval(conversationId, userIds)),
      this.events.on('conversation.updated', ({ views }) => this.announceViews('conversation:updated', views)),
      this.events.on('conversation.read', ({ conversationId, userId, seq, memberIds }) =>
        this.server?.to(memberIds.map(userRoom)).emit('read', { conversation_id: conversationId, user_id: userId, seq }),
      ),
      this.events.on('presence.changed', (change) => void this.announcePresence(change.userId, change.online, change.lastSeen)),
      // Everyone may list everyone (GET /users), so a newcomer is news to every connected device, on every instance.
      this.events.on('user.created', ({ user }) => this.server?.emit('user:new', { user })),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  deliverMessage(message: Message, memberIds: readonly string[]): void {
    this.server?.to(memberIds.map(userRoom)).emit('message:new', { message });
    this.deliverRaw(memberIds, { type: 'message', message });
  }

  /** A changed message, whole, to every device of every member (the original /ws client ignores the frame type). */
  deliverUpdate(message: Message, memberIds: readonly string[]): void {
    this.server?.to(memberIds.map(userRoom)).emit('message:updated', { message });
    this.deliverRaw(memberIds, { type: 'message_updated', message });
  }

  /**
   * Every device of users removed from a conversation (or who left it), on every instance and both transports, is
   * told to forget it. Nothing else of it reaches them: deliveries go to the members as they are after the change.
   */
  deliverRemoval(conversationId: string, userIds: readonly string[]): void {
    this.server?.to(userIds.map(userRoom)).emit('conversation:removed', { conversation_id: conversationId });
    this.deliverRaw(userIds, { type: 'conversation_removed', conversation_id: conversationId });
  }

  /** Each user's own view of a conversation, to that user's devices. */
  private announceViews(event: 'conversation:new' | 'conversation:updated', views: ReadonlyMap<string, Conversation>): void {
    for (const [userId, conversation] of views) this.server?.to(userRoom(userId)).emit(event, { conversation });
  }

  /** Raw /ws clients have no Socket.IO rooms: this instance's get the frame directly, the others' through Redis. */
  private deliverRaw(memberIds: readonly string[], frame: RawServerFrame): void {
    this.rawClients.send(memberIds, frame);
    if (this.redis.enabled) this.server?.serverSideEmit('raw:frame', [...memberIds], frame);
  }

  /** Typing reaches the other members' devices only, and is dropped rather than queued for slow ones. */
  relayTyping(event: TypingEvent, memberIds: readonly string[]): void {
    const others = memberIds.filter((id) => id !== event.user_id).map(userRoom);
    if (others.length > 0) this.server?.volatile.to(others).emit('typing', event);
  }

  /** Presence goes to everyone who shares a conversation with the user. */
  private async announcePresence(userId: string, online: boolean, lastSeen: Date | null): Promise<void> {
    if (!this.server) return;
    try {
      const contacts = await this.conversations.contactsOf(userId);
      if (contacts.length === 0) return;
      this.server.to(contacts.map(userRoom)).emit('presence', {
        user_id: userId,
        status: online ? 'online' : 'offline',
        last_seen: lastSeen ? lastSeen.toISOString() : null,
      });
    } catch (error) {
      this.logger.warn({ err: error, user_id: userId }, 'could not announce presence');
    }
  }

  /** A new conversation (or new members): each added member's devices get it as that member sees it. */
  private async announceConversation(conversationId: string, userIds: readonly string[]): Promise<void> {
    if (!this.server || userIds.length === 0) return;
    try {
      const views = await this.conversations.viewsFor(conversationId, userIds);
      for (const [userId, conversation] of views) this.server.to(userRoom(userId)).emit('conversation:new', { conversation });
    } catch (error) {
      this.logger.warn({ err: error, conversation_id: conversationId }, 'could not announce a conversation');
    }
  }
}
