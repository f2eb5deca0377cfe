import { Injectable } from '@nestjs/common';
import { USERNAME_PATTERN, type TokenResponse, type User } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import { ConflictError, UnauthorizedError } from '../../core/errors';
import { DomainEvents } from '../../core/events/domain-events';
import type { AuthUser } from '../../core/http/current-user.decorator';
import { cleanDisplayText } from '../../core/validation/text';
import { Database } from '../../database/database.service';
import { toUser } from '../users/dto/user.dto';
import { UsernameTakenError, UsersRepository } from '../users/users.repository';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { AccessClaims, TokenService } from './token.service';

/** A token just rotated is accepted again for this long, so two tabs refreshing at once both succeed. */
export const ROTATION_GRACE_MS = 5000;

const BAD_CREDENTIALS = 'Incorrect username or password';

/** What a refresh attempt decided, committed before the caller learns of it. */
type RefreshOutcome = { kind: 'issued'; tokens: TokenResponse } | { kind: 'refused'; detail: string };

/** Sign-up, login, and the life of tokens: issue, rotate, detect reuse, revoke. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly database: Database,
    private readonly events: DomainEvents,
  ) {}

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

  /** Same answer, and the same argon2 work, whether the user is unknown or the password is wrong. */
  async login(input: { username: string; password: string }): Promise<TokenResponse> {
    const user = USERNAME_PATTERN.test(input.username) ? await this.users.findByUsername(input.username) : null;
    const valid = user
      ? await this.passwords.verify(user.passwordHash, input.password)
      : await this.passwords.verifyAgainstDummy(input.password);
    if (!user || !valid) throw new UnauthorizedError(BAD_CREDENTIALS);
    if (this.passwords.needsRehash(user.passwordHash)) {
      await this.users.updatePasswordHash(user.id, await this.passwords.hash(input.password));
    }
    return this.database.write((tx) => this.issue(user.id, randomUUID(), tx));
  }

  /**
   * Rotates a refresh token: the presented one is spent and a new one issued in its family.
   * A spent token presented again after the grace period is the theft signal of RFC 9700:
   * the whole family is revoked, and that revocation is committed before the 401 goes out.
   */
  async refresh(refreshToken: string | undefined): Promise<TokenResponse> {
    if (!refreshToken) throw new UnauthorizedError('Missing refresh token');
    const claims = await this.tokens.verifyRefresh(refreshToken);
    const outcome = await this.database.write(async (tx): Promise<RefreshOutcome> => {
      const now = new Date();
      const stored = await this.refreshTokens.findById(claims.jti, tx);
      if (!stored || stored.userId !== claims.sub || stored.revokedAt || stored.expiresAt <= now) {
        return { kind: 'refused', detail: 'Invalid refresh token' };
      }
      const nextJti = randomUUID();
      const spentNow = !stored.usedAt && (await this.refreshTokens.markUsed(stored.id, nextJti, now, tx));
      if (!spentNow) {
        const usedAt = stored.usedAt ?? (await this.refreshTokens.findById(stored.id, tx))?.usedAt ?? now;
        if (now.getTime() - usedAt.getTime() > ROTATION_GRACE_MS) {
          await this.refreshTokens.revokeFamily(stored.familyId, now, tx);
          return { kind: 'refused', detail: 'Refresh token already used; please log in again' };
        }
      }
      return { kind: 'issued', tokens: await this.issue(stored.userId, stored.familyId, tx, spentNow ? nextJti : randomUUID()) };
    });
    if (outcome.kind === 'refused') throw new UnauthorizedError(outcome.detail);
    return outcome.tokens;
  }

  /** Revokes the family of a valid refresh token; an invalid one is refused. */
  async logout(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) throw new UnauthorizedError('Missing refresh token');
    const claims = await this.tokens.verifyRefresh(refreshToken);
    await this.database.write((tx) => this.refreshTokens.revokeFamily(claims.fam, new Date(), tx));
  }

  /** The caller behind verified access claims; a deleted user's tokens stop working here. */
  async userForAccessClaims(claims: AccessClaims): Promise<AuthUser> {
    if (claims.type !== 'access') throw new UnauthorizedError();
    const user = await this.users.findById(claims.sub);
    if (!user) throw new UnauthorizedError();
    return { id: user.id, username: user.username };
  }

  /** Verifies an access token from any transport (HTTP guard, Socket.IO, raw WS). */
  async authenticate(accessToken: string): Promise<AuthUser & { expiresAt: Date }> {
    const claims = await this.tokens.verifyAccess(accessToken);
    const user = await this.userForAccessClaims(claims);
    return { ...user, expiresAt: new Date(claims.exp * 1000) };
  }

  private async issue(
    userId: string,
    familyId: string,
    tx: Parameters<RefreshTokensRepository['insert']>[1],
    jti: string = randomUUID(),
  ): Promise<TokenResponse> {
    const now = new Date();
    const token: RefreshTokenEntity = {
      id: jti,
      familyId,
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.tokens.refreshTtlSeconds * 1000),
      usedAt: null,
      replacedBy: null,
      revokedAt: null,
    };
    await this.refreshTokens.insert(token, tx);
    return {
      access_token: await this.tokens.signAccess(userId),
      refresh_token: await this.tokens.signRefresh(userId, jti, familyId),
      token_type: 'bearer',
      expires_in: this.tokens.accessTtlSeconds,
    };
  }
}
