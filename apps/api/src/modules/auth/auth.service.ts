import { Injectable } from '@nestjs/common';
import { USERNAME_PATTERN, type TokenResponse, type User } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ConflictError, SessionEndedError, UnauthorizedError } from '../../core/errors';
import { DomainEvents } from '../../core/events/domain-events';
import type { AuthUser } from '../../core/http/current-user.decorator';
import { cleanDisplayText } from '../../core/validation/text';
import { Database } from '../../database/database.service';
import { toUser } from '../users/dto/user.dto';
import { UsernameTakenError, UsersRepository } from '../users/users.repository';
import { ActiveUsers } from './active-users';
import { PasswordHasher } from './password-hasher';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionRevocations } from './session-revocations';
import { SessionsRepository } from './sessions.repository';
import { Ending, SessionsService } from './sessions.service';
import { AccessClaims, TokenService } from './token.service';

/** A token just rotated is accepted again for this long, so two tabs refreshing at once both succeed. */
export const ROTATION_GRACE_MS = 5000;

const BAD_CREDENTIALS = 'Incorrect username or password';
const USER_AGENT_MAX = 255;

/** What a refresh attempt decided, committed before the caller learns of it. */
type RefreshOutcome = { kind: 'issued'; tokens: TokenResponse } | { kind: 'refused'; error: UnauthorizedError; ending?: Ending };

/** Sign-up, login, and the life of tokens: issue, rotate, detect reuse, revoke. Each login is a session. */
@Injectable()
export class AuthService {
  private readonly activeUsers: ActiveUsers;

  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly sessionRows: SessionsRepository,
    private readonly sessions: SessionsService,
    private readonly revocations: SessionRevocations,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly database: Database,
    private readonly events: DomainEvents,
  ) {
    this.activeUsers = new ActiveUsers(events);
  }

  get refreshTtlSeconds(): number {
    return this.tokens.refreshTtlSeconds;
  }

  /** Creates the account and announces it (everyone's directory of people shows the newcomer at once). */
  async signup(input: { username: string; password: string; full_name?: string | null }): Promise<User> {
    let user: User;
    try {
      user = toUser(
        await this.users.insert({
          id: randomUUID(),
          username: input.username,
          fullName: input.full_name ? cleanDisplayText(input.full_name) : null,
          passwordHash: await this.passwords.hash(input.password),
          createdAt: new Date(),
        }),
      );
    } catch (error) {
      if (error instanceof UsernameTakenError) throw new ConflictError('Username already registered');
      throw error;
    }
    this.events.emit('user.created', { user });
    return user;
  }

  /**
   * Same answer, and the same argon2 work, whether the user is unknown, deactivated or the password is wrong.
   * A login starts a session, named after the browser or client (`userAgent`) it came from.
   */
  async login(input: { username: string; password: string }, userAgent: string | null = null): Promise<TokenResponse> {
    const user = USERNAME_PATTERN.test(input.username) ? await this.users.findByUsername(input.username) : null;
    const active = user && !user.deactivatedAt ? user : null;
    const valid = active
      ? await this.passwords.verify(active.passwordHash, input.password)
      : await this.passwords.verifyAgainstDummy(input.password);
    if (!active || !valid) throw new UnauthorizedError(BAD_CREDENTIALS);
    if (this.passwords.needsRehash(active.passwordHash)) {
      await this.users.updatePasswordHash(active.id, await this.passwords.hash(input.password));
    }
    return this.database.write(async (tx) => {
      const sessionId = randomUUID();
      const now = new Date();
      await this.sessionRows.insert(
        {
          id: sessionId,
          userId: active.id,
          createdAt: now,
          lastUsedAt: now,
          expiresAt: this.refreshExpiry(now),
          userAgent: userAgent ? userAgent.slice(0, USER_AGENT_MAX) : null,
          endedAt: null,
          endReason: null,
        },
        tx,
      );
      return this.issue(active.id, sessionId, tx);
    });
  }

  /**
   * Rotates a refresh token: the presented one is spent and a new one issued in its session.
   * A spent token presented again after the grace period is the theft signal of RFC 9700:
   * the whole session ends, and that is committed before the 401 goes out.
   */
  async refresh(refreshToken: string | undefined): Promise<TokenResponse> {
    if (!refreshToken) throw new UnauthorizedError('Missing refresh token');
    const claims = await this.tokens.verifyRefresh(refreshToken);
    const outcome = await this.database.write(async (tx): Promise<RefreshOutcome> => {
      const now = new Date();
      const stored = await this.refreshTokens.findById(claims.jti, tx);
      if (!stored || stored.userId !== claims.sub || stored.expiresAt <= now)
        return refused(new UnauthorizedError('Invalid refresh token'));
      const session = await this.sessionRows.findById(stored.familyId, tx);
      if (!session) return refused(new UnauthorizedError('Invalid refresh token'));
      if (session.endReason) return refused(new SessionEndedError(session.endReason));
      if (stored.revokedAt) return refused(new UnauthorizedError('Invalid refresh token'));
      if ((await this.users.findById(stored.userId))?.deactivatedAt) {
        return refused(
          new SessionEndedError('deactivated'),
          await this.sessions.endWithin(tx, { sessionId: session.id }, 'deactivated', now),
        );
      }
      const nextJti = randomUUID();
      const spentNow = !stored.usedAt && (await this.refreshTokens.markUsed(stored.id, nextJti, now, tx));
      if (!spentNow) {
        const usedAt = stored.usedAt ?? (await this.refreshTokens.findById(stored.id, tx))?.usedAt ?? now;
        if (now.getTime() - usedAt.getTime() > ROTATION_GRACE_MS) {
          const ending = await this.sessions.endWithin(tx, { sessionId: session.id }, 'reuse_detected', now);
          return refused(new UnauthorizedError('Refresh token already used; please log in again'), ending);
        }
      }
      // Locks the session row (PostgreSQL): an ending committed meanwhile makes this refresh fail instead.
      if (!(await this.sessionRows.renew(session.id, now, this.refreshExpiry(now), tx)))
        return refused(new UnauthorizedError('Invalid refresh token'));
      return { kind: 'issued', tokens: await this.issue(stored.userId, stored.familyId, tx, spentNow ? nextJti : randomUUID()) };
    });
    if (outcome.kind === 'issued') return outcome.tokens;
    if (outcome.ending) this.sessions.announce(outcome.ending);
    throw outcome.error;
  }

  /** Ends the session of a valid refresh token; an invalid one is refused. */
  async logout(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) throw new UnauthorizedError('Missing refresh token');
    const claims = await this.tokens.verifyRefresh(refreshToken);
    await this.sessions.end({ sessionId: claims.fam }, 'logout');
  }

  /**
   * The caller behind verified access claims. A token of an ended session is refused from memory, before any
   * query; a deleted or deactivated user's tokens stop working here too. `remembered` (the HTTP guard, on every
   * request) may answer from ActiveUsers: an active user is remembered for a few seconds, and forgotten as soon as any
   * session of theirs ends. A request that needs the database then fails on its own query when it is away.
   */
  async userForAccessClaims(claims: AccessClaims, remembered = false): Promise<AuthUser> {
    if (claims.type !== 'access') throw new UnauthorizedError();
    const ended = this.revocations.reasonFor(claims.sid);
    if (ended) throw new SessionEndedError(ended);
    const known = remembered ? this.activeUsers.usernameOf(claims.sub) : null;
    if (known !== null) return { id: claims.sub, username: known, sessionId: claims.sid };
    const user = await this.users.findById(claims.sub);
    if (!user) throw new UnauthorizedError();
    if (user.deactivatedAt) throw new SessionEndedError('deactivated');
    this.activeUsers.remember(user.id, user.username);
    return { id: user.id, username: user.username, sessionId: claims.sid };
  }

  /**
   * Verifies an access token from any transport (Socket.IO, raw WS; the HTTP guard asks userForAccessClaims). It
   * always reads the user: a connection starts here, and while the database is away it is told to come back later.
   */
  async authenticate(accessToken: string): Promise<AuthUser & { expiresAt: Date }> {
    const claims = await this.tokens.verifyAccess(accessToken);
    const user = await this.userForAccessClaims(claims);
    return { ...user, expiresAt: new Date(claims.exp * 1000) };
  }

  /** Why the session ended, if it has (a memory lookup, cheap enough for every socket event). */
  sessionEnded(sessionId: string): SessionEndedError | null {
    const reason = this.revocations.reasonFor(sessionId);
    return reason ? new SessionEndedError(reason) : null;
  }

  private refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.tokens.refreshTtlSeconds * 1000);
  }

  private async issue(userId: string, sessionId: string, tx: EntityManager, jti: string = randomUUID()): Promise<TokenResponse> {
    const now = new Date();
    await this.refreshTokens.insert(
      {
        id: jti,
        familyId: sessionId,
        userId,
        createdAt: now,
        expiresAt: this.refreshExpiry(now),
        usedAt: null,
        replacedBy: null,
        revokedAt: null,
      },
      tx,
    );
    return {
      access_token: await this.tokens.signAccess(userId, sessionId),
      refresh_token: await this.tokens.signRefresh(userId, jti, sessionId),
      token_type: 'bearer',
      expires_in: this.tokens.accessTtlSeconds,
    };
  }
}

function refused(error: UnauthorizedError, ending?: Ending): RefreshOutcome {
  return { kind: 'refused', error, ending };
}
