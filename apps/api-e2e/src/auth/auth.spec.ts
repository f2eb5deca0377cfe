import { createHmac } from 'node:crypto';
import request from 'supertest';
import { expectProblem, JWT_PATTERN, registerUser, uniqueUsername } from '../support/client';
import { RunningServer, startServer } from '../support/server';

const SECRET = 'e2e-secret-key-0123456789abcdef0123456789abcdef';

/** Signs a JWT by hand, to forge every kind of bad token. */
function forge(header: object, payload: object, secret = SECRET): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const body = `${encode(header)}.${encode(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

describe('auth and users over HTTP', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.dispose());

  const countUsers = async () => {
    const probe = await registerUser(server, 'probe');
    const list = await request(server.url).get('/users?limit=100').set('Authorization', probe.bearer).expect(200);
    return list.body.users.length as number;
  };

  describe('POST /auth/signup', () => {
    it('creates a user (201) with the original response shape', async () => {
      const username = uniqueUsername('New');
      const response = await request(server.url).post('/auth/signup').send({ username, password: 'long enough', full_name: 'Ann' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), username: username.toLowerCase(), full_name: 'Ann', deactivated: false, avatar_url: null });
    });

    it('answers 409 "Username already registered", also for another case or full-width form', async () => {
      const username = uniqueUsername('dup');
      await request(server.url).post('/auth/signup').send({ username, password: 'long enough' }).expect(201);
      for (const variant of [username, username.toUpperCase()]) {
        const response = await request(server.url).post('/auth/signup').send({ username: variant, password: 'long enough' });
        expectProblem(response, 409, 'CONFLICT');
        expect(response.body.detail).toBe('Username already registered');
      }
      const fullWidth = 'ｆｗ' + uniqueUsername('x');
      await request(server.url).post('/auth/signup').send({ username: fullWidth, password: 'long enough' }).expect(201);
      const again = await request(server.url).post('/auth/signup').send({ username: fullWidth.normalize('NFKC'), password: 'long enough' });
      expectProblem(again, 409, 'CONFLICT');
    });

    it('gives one 201 and nine 409s for ten concurrent sign-ups of one name', async () => {
      const username = uniqueUsername('race');
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => request(server.url).post('/auth/signup').send({ username, password: 'long enough' })),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    });

    it.each([
      ['a missing username', { password: 'long enough' }, 'username'],
      ['a missing password', { username: 'valid_name' }, 'password'],
      ['a number for the username', { username: 12345, password: 'long enough' }, 'username'],
      ['an array for the password', { username: 'valid_name', password: ['long enough'] }, 'password'],
      ['an unknown field', { username: 'valid_name', password: 'long enough', is_admin: true }, 'is_admin'],
      ['a too short username', { username: 'ab', password: 'long enough' }, 'username'],
      ['a too long username', { username: 'a'.repeat(33), password: 'long enough' }, 'username'],
      ['a username with a space', { username: 'has space', password: 'long enough' }, 'username'],
      ['a Cyrillic look-alike', { username: '\u0430dmin', password: 'long enough' }, 'username'],
      ['a zero-width character', { username: 'ad\u200Bmin', password: 'long enough' }, 'username'],
      ['a right-to-left override', { username: 'ad\u202Emin', password: 'long enough' }, 'username'],
      ['a short password', { username: 'valid_name', password: 'short' }, 'password'],
      ['a too long password', { username: 'valid_name', password: 'p'.repeat(129) }, 'password'],
      ['an empty password', { username: 'valid_name', password: '' }, 'password'],
      ['a too long full name', { username: 'valid_name', password: 'long enough', full_name: 'n'.repeat(101) }, 'full_name'],
      ['a NUL in the full name', { username: 'valid_name', password: 'long enough', full_name: 'a\u0000b' }, 'full_name'],
      ['a lone surrogate in the full name', { username: 'valid_name', password: 'long enough', full_name: 'a\ud800b' }, 'full_name'],
    ])('answers 400 problem details for %s and writes nothing', async (_, body, field) => {
      const before = await countUsers();
      const response = await request(server.url).post('/auth/signup').send(body);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await countUsers()).toBe(before + 1); // only the probe user
    });

    it('answers 400 for a JSON array or null as the body', async () => {
      expectProblem(await request(server.url).post('/auth/signup').send([]), 400, 'VALIDATION_FAILED');
      expectProblem(await request(server.url).post('/auth/signup').set('Content-Type', 'application/json').send('null'), 400, 'MALFORMED_JSON');
    });
  });

  describe('POST /auth/login', () => {
    it('answers 200 with tokens and sets the refresh cookie', async () => {
      const { user, password } = await registerUser(server, 'login');
      const response = await request(server.url).post('/auth/login').send({ username: user.username.toUpperCase(), password }).expect(200);
      expect(response.body).toEqual({
        access_token: expect.stringMatching(JWT_PATTERN),
        refresh_token: expect.stringMatching(JWT_PATTERN),
        token_type: 'bearer',
        expires_in: 1800,
      });
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toContain(`refresh_token=${response.body.refresh_token}`);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\/auth/);
    });

    it('sets the session hint beside it: readable by scripts, no secret, the same lifetime', async () => {
      const { user, password } = await registerUser(server, 'hint');
      const response = await request(server.url).post('/auth/login').send({ username: user.username, password }).expect(200);
      const cookies = response.headers['set-cookie'] as unknown as string[];
      const refresh = cookies.find((cookie) => cookie.startsWith('refresh_token='));
      const hint = cookies.find((cookie) => cookie.startsWith('pc_session='));
      expect(hint).toMatch(/^pc_session=1; Max-Age=604800; Path=\/; Expires=[^;]+; Secure; SameSite=Strict$/);
      expect(refresh).toContain('Max-Age=604800;');
    });

    it('answers an unknown user and a wrong password with the same 401 body', async () => {
      const { user } = await registerUser(server, 'login');
      const wrong = await request(server.url).post('/auth/login').send({ username: user.username, password: 'not the password' });
      const unknown = await request(server.url).post('/auth/login').send({ username: 'nobody_at_all', password: 'not the password' });
      for (const response of [wrong, unknown]) {
        expectProblem(response, 401, 'UNAUTHORIZED');
        expect(response.body.detail).toBe('Incorrect username or password');
        expect(response.headers['www-authenticate']).toBe('Bearer');
      }
      const strip = ({ instance: _, ...rest }: Record<string, unknown>) => rest;
      expect(strip(wrong.body)).toEqual(strip(unknown.body));
    });

    it('answers 400 for a body without a password', async () => {
      expectProblem(await request(server.url).post('/auth/login').send({ username: 'someone' }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /auth/refresh and /auth/logout', () => {
    it('rotates the refresh token from the body or from the cookie', async () => {
      const { tokens } = await registerUser(server, 'refresh');
      const byBody = await request(server.url).post('/auth/refresh').send({ refresh_token: tokens.refresh_token }).expect(200);
      expect(byBody.body.refresh_token).not.toBe(tokens.refresh_token);
      const byCookie = await request(server.url)
        .post('/auth/refresh')
        .set('Cookie', `refresh_token=${byBody.body.refresh_token}`)
        .expect(200);
      expect(byCookie.body).toMatchObject({ token_type: 'bearer' });
      await request(server.url).get('/auth/me').set('Authorization', `Bearer ${byCookie.body.access_token}`).expect(200);
    });

    it('revokes the family when a spent token is presented after the 5 s grace period', async () => {
      const { tokens } = await registerUser(server, 'reuse');
      const rotated = await request(server.url).post('/auth/refresh').send({ refresh_token: tokens.refresh_token }).expect(200);
      // Within the grace period (two tabs refreshing at once) the spent token still works.
      await request(server.url).post('/auth/refresh').send({ refresh_token: tokens.refresh_token }).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 5500));
      const reuse = await request(server.url).post('/auth/refresh').send({ refresh_token: tokens.refresh_token });
      expectProblem(reuse, 401, 'UNAUTHORIZED');
      const newest = await request(server.url).post('/auth/refresh').send({ refresh_token: rotated.body.refresh_token });
      expectProblem(newest, 401, 'UNAUTHORIZED');
    });

    it('logs out with 204, after which the refresh token is refused and the cookie cleared', async () => {
      const { tokens } = await registerUser(server, 'logout');
      const response = await request(server.url).post('/auth/logout').send({ refresh_token: tokens.refresh_token }).expect(204);
      expect(String(response.headers['set-cookie'])).toMatch(/refresh_token=;/);
      expect(String(response.headers['set-cookie'])).toMatch(/pc_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
      const refused = await request(server.url).post('/auth/refresh').send({ refresh_token: tokens.refresh_token });
      expectProblem(refused, 401, 'UNAUTHORIZED');
      // A refused refresh clears both too: the page will not ask again on its next load.
      expect(String(refused.headers['set-cookie'])).toMatch(/refresh_token=;.*pc_session=;/);
    });

    it('refuses a missing or access-type refresh token with 401', async () => {
      const { tokens } = await registerUser(server, 'refresh');
      expectProblem(await request(server.url).post('/auth/refresh').send({}), 401, 'UNAUTHORIZED');
      expectProblem(await request(server.url).post('/auth/refresh').send({ refresh_token: tokens.access_token }), 401, 'UNAUTHORIZED');
      expectProblem(await request(server.url).post('/auth/logout').send({ refresh_token: 'garbage' }), 401, 'UNAUTHORIZED');
    });
  });

  describe('GET /auth/me and GET /users', () => {
    it('answers the caller and the other users, never a hash', async () => {
      const alice = await registerUser(server, 'alice', 'Alice Liddell');
      const bob = await registerUser(server, 'bob');
      const me = await request(server.url).get('/auth/me').set('Authorization', alice.bearer).expect(200);
      expect(me.body).toEqual({ ...alice.user, administrator: false });
      const list = await request(server.url).get('/users?limit=100').set('Authorization', bob.bearer).expect(200);
      const aliceListed = { ...alice.user, online: false, last_seen: null };
      expect(list.body.users).toEqual(expect.arrayContaining([aliceListed]));
      expect(list.body.users.map((u: { id: string }) => u.id)).not.toContain(bob.user.id);
      const names = list.body.users.map((u: { username: string }) => u.username);
      expect(names).toEqual([...names].sort());
      const search = await request(server.url).get('/users?q=Alice%20Lid').set('Authorization', bob.bearer).expect(200);
      expect(search.body.users).toEqual([aliceListed]);
      expect(JSON.stringify([me.body, list.body])).not.toMatch(/password|hash|argon2/i);
    });

    it('looks users up by id (?ids=), and refuses malformed ids', async () => {
      const [carol, dave] = await Promise.all([registerUser(server, 'carol'), registerUser(server, 'dave')]);
      const found = await request(server.url).get(`/users?ids=${dave.user.id},${carol.user.id.toUpperCase()}`).set('Authorization', carol.bearer).expect(200);
      expect(found.body.users.map((u: { id: string }) => u.id).sort()).toEqual([carol.user.id, dave.user.id].sort());
      expectProblem(await request(server.url).get('/users?ids=not-a-uuid').set('Authorization', carol.bearer), 400, 'VALIDATION_FAILED');
    });

    it.each(['0', '101', '-1', 'abc', '1e3', '1.5'])('answers 400 for limit=%s', async (limit) => {
      const { bearer } = await registerUser(server, 'lim');
      expectProblem(await request(server.url).get(`/users?limit=${limit}`).set('Authorization', bearer), 400, 'VALIDATION_FAILED');
    });
  });

  describe('the access-token guard', () => {
    let victim: Awaited<ReturnType<typeof registerUser>>;
    beforeAll(async () => {
      victim = await registerUser(server, 'guard');
    });
    const now = () => Math.floor(Date.now() / 1000);
    const claims = () => ({
      sub: victim.user.id,
      type: 'access',
      jti: 'j1',
      sid: '77777777-7777-4777-8777-777777777777',
      iat: now(),
      exp: now() + 600,
      iss: 'pneumatic',
      aud: 'pneumatic-api',
    });

    it.each([
      ['no header', (): string | undefined => undefined],
      ['an empty bearer', () => 'Bearer '],
      ['a Basic scheme', () => 'Basic dXNlcjpwYXNz'],
      ['garbage', () => 'Bearer not.a.jwt'],
      ['two segments', () => 'Bearer abc.def'],
      ['alg none', () => `Bearer ${forge({ alg: 'none', typ: 'JWT' }, claims()).split('.').slice(0, 2).join('.')}.`],
      ['a wrong secret', () => `Bearer ${forge({ alg: 'HS256' }, claims(), 'another-secret-another-secret-1234')}`],
      ['an HS512 token', () => `Bearer ${forge({ alg: 'HS512' }, claims())}`],
      ['an expired token', () => `Bearer ${forge({ alg: 'HS256' }, { ...claims(), exp: now() - 60 })}`],
      ['a not-yet-valid token', () => `Bearer ${forge({ alg: 'HS256' }, { ...claims(), nbf: now() + 3600 })}`],
      ['a wrong issuer', () => `Bearer ${forge({ alg: 'HS256' }, { ...claims(), iss: 'evil' })}`],
      ['a wrong audience', () => `Bearer ${forge({ alg: 'HS256' }, { ...claims(), aud: 'pneumatic-auth' })}`],
      ['a refresh-type token', () => `Bearer ${forge({ alg: 'HS256' }, { ...claims(), type: 'refresh' })}`],
      ['an unknown user', () => `Bearer ${forge({ alg: 'HS256' }, { ...claims(), sub: '00000000-0000-4000-8000-000000000000' })}`],
      ['a token from before sessions (no sid)', () => `Bearer ${forge({ alg: 'HS256' }, { ...claims(), sid: undefined })}`],
    ])('answers 401 with WWW-Authenticate for %s', async (_, makeHeader) => {
      const header = makeHeader();
      const call = request(server.url).get('/auth/me');
      const response = await (header === undefined ? call : call.set('Authorization', header));
      expectProblem(response, 401, 'UNAUTHORIZED');
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('accepts a well-formed token of the same shape (the forger is right)', async () => {
      await request(server.url).get('/auth/me').set('Authorization', `Bearer ${forge({ alg: 'HS256' }, claims())}`).expect(200);
    });

    it('refuses the real refresh token as an access token, and a token in the query string', async () => {
      expectProblem(await request(server.url).get('/auth/me').set('Authorization', `Bearer ${victim.tokens.refresh_token}`), 401, 'UNAUTHORIZED');
      expectProblem(await request(server.url).get(`/auth/me?token=${victim.tokens.access_token}`), 401, 'UNAUTHORIZED');
    });
  });

  it('never logs a password or a token', () => {
    const log = server.output.join('\n');
    expect(log).not.toMatch(JWT_PATTERN);
    expect(log).not.toMatch(/long enough|pw-[0-9a-f]{16}/);
  });
});

describe('short-lived access tokens', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { ACCESS_TOKEN_TTL: '1s' } });
  });
  afterAll(() => server.dispose());

  it('stop working once expired (beyond the 5 s clock tolerance), while the refresh token still works', async () => {
    const { bearer, tokens } = await registerUser(server, 'ttl');
    await request(server.url).get('/auth/me').set('Authorization', bearer).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 7000));
    expectProblem(await request(server.url).get('/auth/me').set('Authorization', bearer), 401, 'UNAUTHORIZED');
    const refreshed = await request(server.url).post('/auth/refresh').send({ refresh_token: tokens.refresh_token }).expect(200);
    expect(refreshed.body.expires_in).toBe(1);
  });
});
