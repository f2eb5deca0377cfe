import { Injectable, Logger } from '@nestjs/common';
import type { Conversation, Message, SessionEndReason, User } from '@pneumatic/contracts';

/** A sign-in that has ended, and why. */
export interface EndedSession {
  readonly sessionId: string;
  readonly userId: string;
  readonly reason: SessionEndReason;
}

/**
 * What happened in the domain, after it was committed. Services announce; the realtime module
 * turns announcements into deliveries. Services never touch a socket.
 */
export interface DomainEventMap {
  /** A new message was stored (never announced again for an idempotent replay). */
  'message.created': { readonly message: Message; readonly memberIds: readonly string[]; readonly acceptedAt: number };
  /** A stored message changed (an edit, a deletion…); `message` is the whole current message. */
  'message.updated': { readonly message: Message; readonly memberIds: readonly string[] };
  /**
   * A conversation was created, or users were added to one. `views` (each added user's view of it), when given, is
   * announced as it is, before anything else of the change; otherwise the fan-out looks the views up.
   */
  'conversation.members-added': {
    readonly conversationId: string;
    readonly userIds: readonly string[];
    readonly views?: ReadonlyMap<string, Conversation>;
  };
  /** Users were removed from a group or left it: every device of theirs forgets it, and nothing of it reaches them any more. */
  'conversation.members-removed': { readonly conversationId: string; readonly userIds: readonly string[] };
  /** A conversation changed (members, roles, title): each member's view of it, after the change. */
  'conversation.updated': { readonly conversationId: string; readonly views: ReadonlyMap<string, Conversation> };
  /** A member's read marker moved forward. */
  'conversation.read': {
    readonly conversationId: string;
    readonly userId: string;
    readonly seq: number;
    readonly memberIds: readonly string[];
  };
  /** Someone signed up. */
  'user.created': { readonly user: User };
  /** A user's first device connected, or their last one left (after a grace period). */
  'presence.changed': { readonly userId: string; readonly online: boolean; readonly lastSeen: Date | null };
  /** A user's profile changed (name, deactivation): their contacts are told. */
  'user.updated': { readonly user: User };
  /**
   * Sessions ended, on this instance or another: their tokens are refused here from now on. Unlike the others,
   * announced on EVERY instance (by the revocation set), so each one lets go of its own connections of them.
   */
  'sessions.ended': { readonly sessions: readonly EndedSession[] };
}

export type DomainEventName = keyof DomainEventMap;
type Handler<K extends DomainEventName> = (event: DomainEventMap[K]) => void;

/** A synchronous, typed, in-process event bus; one failing listener never affects another or the sender. */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly handlers: { [K in DomainEventName]?: Handler<K>[] } = {};

  on<K extends DomainEventName>(name: K, handler: Handler<K>): () => void {
    const list = (this.handlers[name] ??= []) as Handler<K>[];
    list.push(handler);
    return () => list.splice(list.indexOf(handler), 1);
  }

  emit<K extends DomainEventName>(name: K, event: DomainEventMap[K]): void {
    for (const handler of (this.handlers[name] ?? []) as Handler<K>[]) {
      try {
        handler(event);
      } catch (error) {
        this.logger.error({ err: error, event: name }, 'domain event listener failed');
      }
    }
  }
}
