import { ConflictError, SessionEndedError, UnauthorizedError } from '../../core/errors';
import { authFixture } from '../../../test/auth-fixture';
import { ROTATION_GRACE_MS } from './auth.service';
import { REVOCATION_POLL_MS } from './session-revocations';

/** The m, t, p parameters of an argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
function argon2Params(hash: string | undefined): Record<string, number> {
  const match = /^\$argon2id\$v=19\$([^$]+)\$/.exec(hash ?? '');
  if (!match) throw new Error(`not an argon2id hash: ${hash}`);
  return Object.fromEntries(match[1].split(',').map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])]));
}

describe('AuthService', () => {
  let fixture: ReturnType<typeof authFixture>;
  const sut = () => fixture.auth;

  beforeEach(() => {
    fixture = authFixture();
  });
  afterEach(() => jest.useRealTimers());

  const signupAlice = () => sut().signup({ username: 'alice', password: 'correct horse', full_name: '  Alice\u200B L  ' });
  const loginAlice = (userAgent?: string) => sut().login({ username: 'alice', password: 'correct horse' }, userAgent);

  describe('signup', () => {
    it('stores an argon2id hash, never the password, and a cleaned full name', async () => {
      const user = await signupAlice();
      expect(user).toEqual({ id: expect.any(String), username: 'alice', full_name: 'Alice L', deactivated: false, avatar_url: null });
      const stored = fixture.users.rows.get(user.id);
      expect(argon2Params(stored?.passwordHash)).toEqual({ m: 19456, t: 2, p: 1 });
      expect(stored?.passwordHash).not.toContain('correct horse');
    });

    it('answers 409 for a taken username', async () => {
      await signupAlice();
      await expect(signupAlice()).rejects.toThrow(new ConflictError('Username already registered'));
    });

    it('announces the newcomer once stored, and nobody for a taken username', async () => {
      const announced: unknown[] = [];
      fixture.events.on('user.created', ({ user }) => announced.push(user));
      const user = await signupAlice();
      await expect(signupAlice()).rejects.toThrow(ConflictError);
      expect(announced).toEqual([user]);
    });
  });

  describe('login', () => {
    it('starts a session, named by the user agent, that both tokens name', async () => {
      const user = await signupAlice();
      const pair = await loginAlice('Mozilla/5.0 (X11; Linux x86_64)');
      expect(pair).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
      const access = await fixture.tokens.verifyAccess(pair.access_token);
      const refresh = await fixture.tokens.verifyRefresh(pair.refresh_token);
      expect(access).toMatchObject({ sub: user.id, sid: refresh.fam });
      expect(refresh.sub).toBe(user.id);
      expect(fixture.refreshTokens.rows.size).toBe(1);
      expect(fixture.sessionRows.rows.get(access.sid)).toMatchObject({
        userId: user.id,
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
        endedAt: null,
      });
    });

    it('answers an unknown user, a wrong password and a deactivated account alike', async () => {
      await signupAlice();
      const bob = await sut().signup({ username: 'bob', password: 'correct horse' });
      const bobRow = fixture.users.rows.get(bob.id);
      if (bobRow) bobRow.deactivatedAt = new Date();
      const attempts = await Promise.allSettled([
        sut().login({ username: 'alice', password: 'wrong password' }),
        sut().login({ username: 'nobody', password: 'correct horse' }),
        sut().login({ username: 'NOT VALID', password: 'correct horse' }),
        sut().login({ username: 'bob', password: 'correct horse' }),
      ]);
      for (const attempt of attempts) {
        expect(attempt).toEqual({ status: 'rejected', reason: new UnauthorizedError('Incorrect username or password') });
      }
      expect(fixture.sessionRows.rows.size).toBe(0);
    });

    it('accepts the password in another Unicode normalisation form', async () => {
      await sut().signup({ username: 'zoe', password: 'caf\u00e9-password' });
      await expect(sut().login({ username: 'zoe', password: 'cafe\u0301-password' })).resolves.toMatchObject({ token_type: 'bearer' });
    });

    it('rehashes a hash made with weaker parameters', async () => {
      const user = await signupAlice();
      const argon2 = await import('argon2');
      const weak = await argon2.hash('correct horse', { type: argon2.argon2id, memoryCost: 8192, timeCost: 1, parallelism: 1 });
      await fixture.users.updatePasswordHash(user.id, weak);
      await loginAlice();
      expect(argon2Params(fixture.users.rows.get(user.id)?.passwordHash)).toEqual({ m: 19456, t: 2, p: 1 });
    });
  });

  describe('refresh', () => {
    it('rotates within the session: the presented token is spent, a new one works, the session was used', async () => {
      await signupAlice();
      const first = await loginAlice();
      const sid = (await fixture.tokens.verifyAccess(first.access_token)).sid;
      const loggedInAt = fixture.sessionRows.rows.get(sid)?.lastUsedAt.getTime() ?? 0;
      jest.useFakeTimers({ now: Date.now() + 60_000, doNotFake: ['nextTick', 'setImmediate'] });
      const second = await sut().refresh(first.refresh_token);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect((await fixture.tokens.verifyAccess(second.access_token)).sid).toBe(sid);
      expect(fixture.sessionRows.rows.get(sid)?.lastUsedAt.getTime()).toBeGreaterThan(loggedInAt);
      const firstJti = (await fixture.tokens.verifyRefresh(first.refresh_token)).jti;
      expect(fixture.refreshTokens.rows.get(firstJti)).toMatchObject({ usedAt: expect.any(Date), replacedBy: expect.any(String) });
      await expect(sut().refresh(second.refresh_token)).resolves.toMatchObject({ token_type: 'bearer' });
    });

    it('accepts a just-rotated token again within the grace period (two tabs)', async () => {
      await signupAlice();
      const first = await loginAlice();
      const [a, b] = await Promise.all([sut().refresh(first.refresh_token), sut().refresh(first.refresh_token)]);
      await expect(sut().refresh(a.refresh_token)).resolves.toBeDefined();
      await expect(sut().refresh(b.refresh_token)).resolves.toBeDefined();
    });

    it('ends the whole session when a spent token is presented after the grace period: its access tokens too', async () => {
      await signupAlice();
      const first = await loginAlice();
      const second = await sut().refresh(first.refresh_token);
      jest.useFakeTimers({ now: Date.now() + ROTATION_GRACE_MS + 1000, doNotFake: ['nextTick', 'setImmediate'] });
      await expect(sut().refresh(first.refresh_token)).rejects.toThrow('Refresh token already used; please log in again');
      await expect(sut().refresh(second.refresh_token)).rejects.toThrow(new SessionEndedError('reuse_detected'));
      await expect(sut().authenticate(second.access_token)).rejects.toThrow(new SessionEndedError('reuse_detected'));
      expect([...fixture.refreshTokens.rows.values()].every((row) => row.revokedAt)).toBe(true);
    });

    it('refuses access tokens, garbage, and tokens of a deleted user', async () => {
      const user = await signupAlice();
      const pair = await loginAlice();
      await expect(sut().refresh(pair.access_token)).rejects.toThrow(UnauthorizedError);
      await expect(sut().refresh('not-a-token')).rejects.toThrow(UnauthorizedError);
      await expect(sut().refresh(undefined)).rejects.toThrow(UnauthorizedError);
      fixture.users.rows.delete(user.id);
      fixture.refreshTokens.rows.clear(); // the database cascades the user's tokens and sessions
      fixture.sessionRows.rows.clear();
      await expect(sut().refresh(pair.refresh_token)).rejects.toThrow(UnauthorizedError);
      await expect(sut().authenticate(pair.access_token)).rejects.toThrow(UnauthorizedError);
    });

    it('refuses, and ends, a session left to a deactivated user', async () => {
      const user = await signupAlice();
      const pair = await loginAlice();
      const row = fixture.users.rows.get(user.id);
      if (row) row.deactivatedAt = new Date();
      await expect(sut().refresh(pair.refresh_token)).rejects.toThrow(new SessionEndedError('deactivated'));
      expect([...fixture.sessionRows.rows.values()]).toEqual([expect.objectContaining({ endReason: 'deactivated' })]);
    });
  });

  describe('logout', () => {
    it('ends the session: its refresh token no longer rotates, its access token is refused with the reason', async () => {
      await signupAlice();
      const pair = await loginAlice();
      const other = await loginAlice();
      await sut().logout(pair.refresh_token);
      await expect(sut().refresh(pair.refresh_token)).rejects.toThrow(new SessionEndedError('logout'));
      await expect(sut().authenticate(pair.access_token)).rejects.toThrow(new SessionEndedError('logout'));
      await expect(sut().authenticate(other.access_token)).resolves.toMatchObject({ username: 'alice' });
    });

    it('announces the ended session once, for the sockets to let go', async () => {
      await signupAlice();
      const pair = await loginAlice();
      const announced: unknown[] = [];
      fixture.events.on('sessions.ended', ({ sessions }) => announced.push(...sessions));
      await sut().logout(pair.refresh_token);
      await sut().logout(pair.refresh_token);
      const { sid, sub } = await fixture.tokens.verifyAccess(pair.access_token);
      expect(announced).toEqual([{ sessionId: sid, userId: sub, reason: 'logout' }]);
    });
  });

  describe('authenticate', () => {
    it('accepts an access token, naming its session, and never a refresh token', async () => {
      const user = await signupAlice();
      const pair = await loginAlice();
      const { sid } = await fixture.tokens.verifyAccess(pair.access_token);
      await expect(sut().authenticate(pair.access_token)).resolves.toMatchObject({ id: user.id, username: 'alice', sessionId: sid });
      await expect(sut().authenticate(pair.refresh_token)).rejects.toThrow(UnauthorizedError);
    });

    it("refuses an ended session's token from memory, without touching a repository", async () => {
      await signupAlice();
      const pair = await loginAlice();
      await sut().logout(pair.refresh_token);
      const findUser = jest.spyOn(fixture.users, 'findById');
      const sessionQueries = fixture.sessionRows.queries;
      await expect(sut().authenticate(pair.access_token)).rejects.toThrow(SessionEndedError);
      expect(findUser).not.toHaveBeenCalled();
      expect(fixture.sessionRows.queries).toBe(sessionQueries);
    });

    const asGuard = async (token: string) => sut().userForAccessClaims(await fixture.tokens.verifyAccess(token), true);

    it("reads a busy client's user once on HTTP, and again once a session of that user has ended", async () => {
      await signupAlice();
      const pair = await loginAlice();
      const other = await loginAlice();
      const findUser = jest.spyOn(fixture.users, 'findById');
      for (let i = 0; i < 3; i++) await asGuard(pair.access_token);
      expect(findUser).toHaveBeenCalledTimes(1);
      await sut().logout(other.refresh_token);
      await expect(asGuard(pair.access_token)).resolves.toMatchObject({ username: 'alice' });
      expect(findUser).toHaveBeenCalledTimes(2);
      // A socket's handshake always reads the user: while the database is away it is told to come back later.
      await sut().authenticate(pair.access_token);
      expect(findUser).toHaveBeenCalledTimes(3);
    });

    it('sees a deactivation whose session endings were missed within the revocation poll', async () => {
      const user = await signupAlice();
      const pair = await loginAlice();
      await asGuard(pair.access_token);
      const row = fixture.users.rows.get(user.id);
      if (row) row.deactivatedAt = new Date();
      jest.useFakeTimers({ now: Date.now() + REVOCATION_POLL_MS + 1, doNotFake: ['nextTick', 'setImmediate'] });
      await expect(asGuard(pair.access_token)).rejects.toThrow(new SessionEndedError('deactivated'));
    });

    it("refuses a deactivated user's token even when the ending was missed", async () => {
      const user = await signupAlice();
      const pair = await loginAlice();
      const row = fixture.users.rows.get(user.id);
      if (row) row.deactivatedAt = new Date();
      await expect(sut().authenticate(pair.access_token)).rejects.toThrow(new SessionEndedError('deactivated'));
    });
  });
});
