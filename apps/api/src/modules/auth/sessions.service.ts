import { Injectable } from '@nestjs/common';
import type { SessionEndReason, SessionInfo } from '@pneumatic/contracts';
import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../../core/errors';
import type { EndedSession } from '../../core/events/domain-events';
import type { AuthUser } from '../../core/http/current-user.decorator';
import { Database } from '../../database/database.service';
import { toSessionInfo } from './dto/session.dto';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionRevocations } from './session-revocations';
import { SessionSelector, SessionsRepository } from './sessions.repository';

/** What a transaction ended, to {@link SessionsService.announce} once it has committed. */
export interface Ending {
  readonly sessions: readonly EndedSession[];
  readonly at: Date;
}

/**
 * The user's sign-ins: listing them, and ending them by any path (a sign-out here or from another device, a
 * password change, a reused refresh token, a deactivation). An ending revokes the session's refresh tokens in the
 * same transaction; once committed, its access tokens are refused on every instance and its sockets let go.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly revocations: SessionRevocations,
    private readonly database: Database,
  ) {}

  async list(caller: AuthUser): Promise<SessionInfo[]> {
    const live = await this.sessions.live(caller.id, new Date());
    return live.map((session) => toSessionInfo(session, caller.sessionId));
  }

  /** Ends one of the caller's own sessions (their current one is a sign-out); anyone else's, or an unknown one, is 404. */
  async endOwn(caller: AuthUser, sessionId: string): Promise<void> {
    const session = await this.sessions.findById(sessionId);
    if (!session || session.userId !== caller.id) throw new NotFoundError('Session not found');
    await this.end({ sessionId }, sessionId === caller.sessionId ? 'logout' : 'revoked');
  }

  /** Ends the selected sessions in a transaction of its own, then announces them. */
  async end(selector: SessionSelector, reason: SessionEndReason): Promise<readonly EndedSession[]> {
    const ending = await this.database.write((tx) => this.endWithin(tx, selector, reason));
    this.announce(ending);
    return ending.sessions;
  }

  /** Ends the selected sessions inside the caller's transaction; {@link announce} the result after it commits. */
  async endWithin(tx: EntityManager, selector: SessionSelector, reason: SessionEndReason, at = new Date()): Promise<Ending> {
    const ended = await this.sessions.end(selector, reason, at, tx);
    await this.refreshTokens.revokeFamilies(
      ended.map((session) => session.id),
      at,
      tx,
    );
    return { sessions: ended.map((session) => ({ sessionId: session.id, userId: session.userId, reason })), at };
  }

  announce(ending: Ending): void {
    this.revocations.record(ending.sessions, ending.at);
  }
}
