import { NotFoundError, SessionEndedError, ValidationFailedError } from '../../core/errors';
import { authFixture } from '../../../test/auth-fixture';

describe('SessionsService and AccountService', () => {
  let fixture: ReturnType<typeof authFixture>;

  beforeEach(async () => {
    fixture = authFixture();
    await fixture.auth.signup({ username: 'alice', password: 'correct horse' });
    await fixture.auth.signup({ username: 'mallory', password: 'correct horse' });
  });

  /** A sign-in of `username`, as the caller its access token makes. */
  const signIn = async (username = 'alice', userAgent = 'Firefox') => {
    const tokens = await fixture.auth.login({ username, password: 'correct horse' }, userAgent);
    return { tokens, caller: await fixture.auth.authenticate(tokens.access_token) };
  };

  it('lists the live sessions, most recently used first, marking the current one', async () => {
    const laptop = await signIn('alice', 'Firefox on Linux');
    const phone = await signIn('alice', 'Safari on iOS');
    await signIn('mallory');
    const ended = await signIn('alice', 'old');
    await fixture.sessions.endOwn(ended.caller, ended.caller.sessionId);
    const row = fixture.sessionRows.rows.get(laptop.caller.sessionId);
    if (row) row.lastUsedAt = new Date(Date.now() + 1000);
    expect(await fixture.sessions.list(phone.caller)).toEqual([
      {
        id: laptop.caller.sessionId,
        created_at: expect.any(String),
        last_used_at: expect.any(String),
        user_agent: 'Firefox on Linux',
        current: false,
      },
      {
        id: phone.caller.sessionId,
        created_at: expect.any(String),
        last_used_at: expect.any(String),
        user_agent: 'Safari on iOS',
        current: true,
      },
    ]);
  });

  it("ends one of the caller's own sessions: its tokens are refused at once, the others keep working", async () => {
    const here = await signIn();
    const there = await signIn();
    await fixture.sessions.endOwn(here.caller, there.caller.sessionId);
    await expect(fixture.auth.authenticate(there.tokens.access_token)).rejects.toThrow(new SessionEndedError('revoked'));
    await expect(fixture.auth.refresh(there.tokens.refresh_token)).rejects.toThrow(new SessionEndedError('revoked'));
    await expect(fixture.auth.authenticate(here.tokens.access_token)).resolves.toBeDefined();
    // Again: nothing more happens (204 for the client).
    await expect(fixture.sessions.endOwn(here.caller, there.caller.sessionId)).resolves.toBeUndefined();
  });

  it("answers 404 for another user's session or an unknown one, and ends neither", async () => {
    const alice = await signIn();
    const mallory = await signIn('mallory');
    await expect(fixture.sessions.endOwn(mallory.caller, alice.caller.sessionId)).rejects.toThrow(NotFoundError);
    await expect(fixture.sessions.endOwn(mallory.caller, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(NotFoundError);
    await expect(fixture.auth.authenticate(alice.tokens.access_token)).resolves.toBeDefined();
  });

  it("changes the password and ends every other session of the user, not this one and nobody else's", async () => {
    const here = await signIn();
    const there = await signIn();
    const mallory = await signIn('mallory');
    await fixture.account.changePassword(here.caller, 'correct horse', 'battery staple');
    await expect(fixture.auth.authenticate(there.tokens.access_token)).rejects.toThrow(new SessionEndedError('password_changed'));
    await expect(fixture.auth.authenticate(here.tokens.access_token)).resolves.toBeDefined();
    await expect(fixture.auth.refresh(here.tokens.refresh_token)).resolves.toBeDefined();
    await expect(fixture.auth.authenticate(mallory.tokens.access_token)).resolves.toBeDefined();
    await expect(fixture.auth.login({ username: 'alice', password: 'correct horse' })).rejects.toThrow('Incorrect username or password');
    await expect(fixture.auth.login({ username: 'alice', password: 'battery staple' })).resolves.toBeDefined();
  });

  it('refuses a wrong current password as a field error (400), changing nothing and ending nothing', async () => {
    const here = await signIn();
    const there = await signIn();
    const attempt = fixture.account.changePassword(here.caller, 'wrong horse', 'battery staple');
    await expect(attempt).rejects.toThrow(ValidationFailedError);
    await expect(attempt).rejects.toMatchObject({ errors: [{ field: 'current_password', message: expect.any(String) }] });
    await expect(fixture.auth.authenticate(there.tokens.access_token)).resolves.toBeDefined();
    await expect(fixture.auth.login({ username: 'alice', password: 'correct horse' })).resolves.toBeDefined();
  });
});
