import { JwtService } from '@nestjs/jwt';
import { ConflictError, UnauthorizedError } from '../../core/errors';
import { DomainEvents } from '../../core/events/domain-events';
import { FakeRefreshTokensRepository } from '../../../test/fakes/refresh-tokens.repository.fake';
import { FakeUsersRepository } from '../../../test/fakes/users.repository.fake';
import { createTestService, provide, testConfig } from '../../../test/test-service';
import { UsersRepository } from '../users/users.repository';
import { AuthService, ROTATION_GRACE_MS } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { TokenService } from './token.service';

/** The m, t, p parameters of an argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
function argon2Params(hash: string | undefined): Record<string, number> {
  const match = /^\$argon2id\$v=19\$([^$]+)\$/.exec(hash ?? '');
  if (!match) throw new Error(`not an argon2id hash: ${hash}`);
  return Object.fromEntries(match[1].split(',').map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])]));
}

describe('AuthService', () => {
  let sut: AuthService;
  let users: FakeUsersRepository;
  let tokens: FakeRefreshTokensRepository;
  let tokenService: TokenService;
  let events: DomainEvents;

  beforeEach(async () => {
    events = new DomainEvents();
    users = new FakeUsersRepository();
    tokens = new FakeRefreshTokensRepository();
    tokenService = new TokenService(new JwtService(), testConfig());
    sut = await createTestService(AuthService, [
      provide(UsersRepository, users),
      provide(RefreshTokensRepository, tokens),
      PasswordHasher,
      { provide: TokenService, useValue: tokenService },
      { provide: DomainEvents, useValue: events },
    ]);
  });
  afterEach(() => jest.useRealTimers());

  const signupAlice = () => sut.signup({ username: 'alice', password: 'correct horse', full_name: '  Alice\u200B L  ' });

  describe('signup', () => {
    it('stores an argon2id hash, never the password, and a cleaned full name', async () => {
      const user = await signupAlice();
      expect(user).toEqual({ id: expect.any(String), username: 'alice', full_name: 'Alice L' });
      const stored = users.rows.get(user.id);
      expect(argon2Params(stored?.passwordHash)).toEqual({ m: 19456, t: 2, p: 1 });
      expect(stored?.passwordHash).not.toContain('correct horse');
    });

    it('answers 409 for a taken username', async () => {
      await signupAlice();
      await expect(signupAlice()).rejects.toThrow(new ConflictError('Username already registered'));
    });

    it('announces the newcomer once stored, and nobody for a taken username', async () => {
      const announced: unknown[] = [];
      events.on('user.created', ({ user }) => announced.push(user));
      const user = await signupAlice();
      await expect(signupAlice()).rejects.toThrow(ConflictError);
      expect(announced).toEqual([user]);
    });
  });

  describe('login', () => {
    it('issues an access and a refresh token', async () => {
      const user = await signupAlice();
      const pair = await sut.login({ username: 'alice', password: 'correct horse' });
      expect(pair).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
      expect((await tokenService.verifyAccess(pair.access_token)).sub).toBe(user.id);
      expect((await tokenService.verifyRefresh(pair.refresh_token)).sub).toBe(user.id);
      expect(tokens.rows.size).toBe(1);
    });

    it('answers an unknown user and a wrong password alike', async () => {
      await signupAlice();
      const attempts = await Promise.allSettled([
        sut.login({ username: 'alice', password: 'wrong password' }),
        sut.login({ username: 'nobody', password: 'correct horse' }),
        sut.login({ username: 'NOT VALID', password: 'correct horse' }),
      ]);
      for (const attempt of attempts) {
        expect(attempt).toEqual({ status: 'rejected', reason: new UnauthorizedError('Incorrect username or password') });
      }
    });

    it('accepts the password in another Unicode normalisation form', async () => {
      await sut.signup({ username: 'zoe', password: 'caf\u00e9-password' });
      await expect(sut.login({ username: 'zoe', password: 'cafe\u0301-password' })).resolves.toMatchObject({ token_type: 'bearer' });
    });

    it('rehashes a hash made with weaker parameters', async () => {
      const user = await signupAlice();
      const argon2 = await import('argon2');
      const weak = await argon2.hash('correct horse', { type: argon2.argon2id, memoryCost: 8192, timeCost: 1, parallelism: 1 });
      await users.updatePasswordHash(user.id, weak);
      await sut.login({ username: 'alice', password: 'correct horse' });
      expect(argon2Params(users.rows.get(user.id)?.passwordHash)).toEqual({ m: 19456, t: 2, p: 1 });
    });
  });

  describe('refresh', () => {
    it('rotates: the presented token is spent and a new one works', async () => {
      await signupAlice();
      const first = await sut.login({ username: 'alice', password: 'correct horse' });
      const second = await sut.refresh(first.refresh_token);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      const firstJti = (await tokenService.verifyRefresh(first.refresh_token)).jti;
      expect(tokens.rows.get(firstJti)).toMatchObject({ usedAt: expect.any(Date), replacedBy: expect.any(String) });
      await expect(sut.refresh(second.refresh_token)).resolves.toMatchObject({ token_type: 'bearer' });
    });

    it('accepts a just-rotated token again within the grace period (two tabs)', async () => {
      await signupAlice();
      const first = await sut.login({ username: 'alice', password: 'correct horse' });
      const [a, b] = await Promise.all([sut.refresh(first.refresh_token), sut.refresh(first.refresh_token)]);
      await expect(sut.refresh(a.refresh_token)).resolves.toBeDefined();
      await expect(sut.refresh(b.refresh_token)).resolves.toBeDefined();
    });

    it('revokes the whole family when a spent token is presented after the grace period', async () => {
      await signupAlice();
      const first = await sut.login({ username: 'alice', password: 'correct horse' });
      const second = await sut.refresh(first.refresh_token);
      jest.useFakeTimers({ now: Date.now() + ROTATION_GRACE_MS + 1000, doNotFake: ['nextTick', 'setImmediate'] });
      await expect(sut.refresh(first.refresh_token)).rejects.toThrow('Refresh token already used; please log in again');
      await expect(sut.refresh(second.refresh_token)).rejects.toThrow(UnauthorizedError);
      expect([...tokens.rows.values()].every((row) => row.revokedAt)).toBe(true);
    });

    it('refuses access tokens, garbage, and tokens of a deleted user', async () => {
      const user = await signupAlice();
      const pair = await sut.login({ username: 'alice', password: 'correct horse' });
      await expect(sut.refresh(pair.access_token)).rejects.toThrow(UnauthorizedError);
      await expect(sut.refresh('not-a-token')).rejects.toThrow(UnauthorizedError);
      await expect(sut.refresh(undefined)).rejects.toThrow(UnauthorizedError);
      users.rows.delete(user.id);
      tokens.rows.clear(); // the database cascades the user's tokens
      await expect(sut.refresh(pair.refresh_token)).rejects.toThrow(UnauthorizedError);
      await expect(sut.authenticate(pair.access_token)).rejects.toThrow(UnauthorizedError);
    });
  });

  describe('logout', () => {
    it('revokes the family so its tokens no longer refresh', async () => {
      await signupAlice();
      const pair = await sut.login({ username: 'alice', password: 'correct horse' });
      await sut.logout(pair.refresh_token);
      await expect(sut.refresh(pair.refresh_token)).rejects.toThrow(UnauthorizedError);
    });
  });

  describe('authenticate', () => {
    it('accepts an access token and never a refresh token', async () => {
      const user = await signupAlice();
      const pair = await sut.login({ username: 'alice', password: 'correct horse' });
      await expect(sut.authenticate(pair.access_token)).resolves.toMatchObject({ id: user.id, username: 'alice' });
      await expect(sut.authenticate(pair.refresh_token)).rejects.toThrow(UnauthorizedError);
    });
  });
});
