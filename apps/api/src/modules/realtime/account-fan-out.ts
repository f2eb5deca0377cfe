import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { User } from '@pneumatic/contracts';
import { SessionEndedError } from '../../core/errors';
import { DomainEvents, type EndedSession } from '../../core/events/domain-events';
import { ConversationsService } from '../conversations/conversations.service';
import { RawClients } from './raw-clients';
import { ChatServer, sessionRoom, userRoom } from './realtime.types';

/** RFC 6455 close code for a policy violation: how the original protocol says a token is no good. */
const POLICY_VIOLATION = 1008;

/**
 * The account's deliveries: a profile change goes to the user's contacts (and their own other devices); an ended
 * session's sockets on THIS instance are told why (`session:ended`) and let go. 'sessions.ended' is announced on
 * every instance by the revocation set, after it refuses the session's tokens there, so a socket that reconnects
 * at once is already refused wherever it lands.
 */
@Injectable()
export class AccountFanOut implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AccountFanOut.name);
  private server: ChatServer | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly events: DomainEvents,
    private readonly rawClients: RawClients,
    private readonly conversations: ConversationsService,
  ) {}

  /** Called by the gateway once Socket.IO is up. */
  attach(server: ChatServer): void {
    this.server = server;
  }

  onModuleInit(): void {
    this.unsubscribe.push(
      this.events.on('sessions.ended', ({ sessions }) => this.letGo(sessions)),
      this.events.on('user.updated', ({ user }) => void this.announceUser(user)),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private letGo(sessions: readonly EndedSession[]): void {
    for (const { sessionId, reason } of sessions) {
      // Local: every instance hears of the ending itself and lets go of its own sockets.
      const room = this.server?.local.to(sessionRoom(sessionId));
      room?.emit('session:ended', { reason });
      room?.disconnectSockets(true);
      this.rawClients.closeSession(sessionId, POLICY_VIOLATION, new SessionEndedError(reason).detail);
    }
  }

  private async announceUser(user: User): Promise<void> {
    if (!this.server) return;
    try {
      const contacts = await this.conversations.contactsOf(user.id);
      this.server.to([user.id, ...contacts].map(userRoom)).emit('user:updated', { user });
    } catch (error) {
      this.logger.warn({ err: error, user_id: user.id }, 'could not announce a profile change');
    }
  }
}
