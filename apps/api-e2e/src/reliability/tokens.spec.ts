import { io } from 'socket.io-client';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, openRaw } from '../support/sockets';
import { DatabaseSnapshot, snapshotDatabase } from './database-snapshot';
import { accessClaims, badAccessTokens, badRefreshTokens, forge } from './forged-tokens';
import { createDirect } from './fixtures';

interface Route {
  readonly method: 'get' | 'post';
  readonly path: (room: string) => string;
  readonly body?: (room: string) => object;
}

/** Every route that needs an access token, each with a request that would succeed (and write, for POSTs) if the token were taken. */
const AUTHENTICATED_ROUTES: readonly Route[] = [
  { method: 'get', path: () => '/auth/me' },
  { method: 'get', path: () => '/users' },
  { method: 'get', path: () => '/conversations' },
  { method: 'post', path: () => '/conversations', body: () => ({ member_ids: [], is_group: true, title: 'token test' }) },
  { method: 'get', path: (room) => `/conversations/${room}` },
  { method: 'get', path: (room) => `/conversations/${room}/messages` },
  { method: 'post', path: (room) => `/conversations/${room}/read`, body: () => ({ seq: 1 }) },
  {
    method: 'post',
    path: () => '/messages',
    body: (room) => ({ conversation_id: room, message_id: 'token-test', content: 'should not be stored' }),
  },
];
const routeName = (route: Route) => `${route.method.toUpperCase()} ${route.path('{id}')}`;

describe('tokens on every transport', () => {
  let server: RunningServer;
  let alice: TestUser;
  let room: string;
  let before: DatabaseSnapshot;
  let badTokens: [string, string][];

  beforeAll(async () => {
    server = await startServer();
    alice = await registerUser(server, 'tokens');
    const bob = await registerUser(server, 'tokens_bob');
    room = (await createDirect(server, alice, bob)).id;
    await request(server.url)
      .post('/messages')
      .set('Authorization', bob.bearer)
      .send({ conversation_id: room, message_id: 'unread', content: 'unread' })
      .expect(201);
    badTokens = badAccessTokens(alice.user.id, alice.tokens.refresh_token);
    before = await snapshotDatabase(server);
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  const call = (route: Route) => {
    const pending = request(server.url)[route.method](route.path(room));
    return route.body ? pending.send(route.body(room)) : pending;
  };

  it('the forger is right: a well-formed forged token is accepted everywhere (control)', async () => {
    const token = forge({ alg: 'HS256', typ: 'JWT' }, accessClaims(alice.user.id));
    await request(server.url).get('/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await connectSocket(server, { token });
    await openRaw(server, token);
  });

  describe.each(AUTHENTICATED_ROUTES.map((route) => [routeName(route), route] as const))('%s', (_, route) => {
    it('refuses every bad token with 401 problem details and WWW-Authenticate: Bearer', async () => {
      const answers = [];
      for (const [name, token] of badTokens) {
        const response = await call(route).set('Authorization', `Bearer ${token}`);
        answers.push({ token: name, status: response.status, code: response.body.code, challenge: response.headers['www-authenticate'] });
      }
      expect(answers).toEqual(badTokens.map(([name]) => ({ token: name, status: 401, code: 'UNAUTHORIZED', challenge: 'Bearer' })));
    });

    it.each([
      ['?token=', (token: string) => `token=${token}`],
      ['?access_token=', (token: string) => `access_token=${token}`],
      ['?authorization=Bearer', (token: string) => `authorization=${encodeURIComponent(`Bearer ${token}`)}`],
    ])('never takes a valid token from the query string (%s)', async (_, query) => {
      const path = route.path(room);
      const pending = request(server.url)[route.method](`${path}${path.includes('?') ? '&' : '?'}${query(alice.tokens.access_token)}`);
      const response = await (route.body ? pending.send(route.body(room)) : pending);
      expectProblem(response, 401, 'UNAUTHORIZED');
    });
  });

  it.each([
    ['a lower-case scheme', (token: string) => `bearer ${token}`, 200],
    ['the Token scheme', (token: string) => `Token ${token}`, 401],
    ['two tokens', (token: string) => `Bearer ${token} ${token}`, 401],
    ['a token with a trailing comma', (token: string) => `Bearer ${token},`, 401],
  ])('reads the Authorization header strictly: %s → %s', async (_, header, status) => {
    const response = await request(server.url).get('/auth/me').set('Authorization', header(alice.tokens.access_token));
    expect(response.status).toBe(status);
  });

  it('fails the Socket.IO handshake with connect_error UNAUTHORIZED for every bad token, by auth, query or header', async () => {
    const answers = [];
    const expected = [];
    for (const [name, token] of badTokens) {
      for (const [via, options] of Object.entries({
        auth: { token },
        query: { query: { token } },
        header: { headers: { Authorization: `Bearer ${token}` } },
      })) {
        const error = await connectSocket(server, options).then(
          () => 'connected',
          (failure: Error & { data?: { code?: string } }) => failure.data?.code,
        );
        answers.push({ token: name, via, error });
        expected.push({ token: name, via, error: 'UNAUTHORIZED' });
      }
    }
    expect(answers).toEqual(expected);
  });

  it.each([
    ['a numeric token', { token: 42 }],
    ['an array of tokens', { token: ['x'] }],
    ['an object as token', { token: { $ne: null } }],
    ['an empty token', { token: '' }],
  ])('fails the Socket.IO handshake for %s in auth', async (_, auth) => {
    const socket = io(server.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth });
    const outcome = await new Promise<string | undefined>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (failure: Error & { data?: { code?: string } }) => resolve(failure.data?.code));
    });
    socket.close();
    expect(outcome).toBe('UNAUTHORIZED');
  });

  it('closes /ws with 1008 for every bad token', async () => {
    const answers = [];
    for (const [name, token] of badTokens) {
      const client = await openRaw(server, token);
      const timeout = new Promise<{ code: string }>((resolve) => setTimeout(() => resolve({ code: 'still open after 5 s' }), 5000));
      answers.push({ token: name, close: (await Promise.race([client.closed, timeout])).code });
    }
    expect(answers).toEqual(badTokens.map(([name]) => ({ token: name, close: 1008 })));
  });

  it('refuses every bad refresh token at /auth/refresh and /auth/logout with 401, and sets no cookie', async () => {
    for (const [name, token] of badRefreshTokens(alice.user.id, alice.tokens.access_token)) {
      // Logging out a token that is ours but unknown is a harmless no-op (204); everything else is refused.
      const paths = name === 'a well-formed token the server never issued' ? ['/auth/refresh'] : ['/auth/refresh', '/auth/logout'];
      for (const path of paths) {
        const response = await request(server.url).post(path).send({ refresh_token: token });
        expect({ token: name, path, status: response.status }).toEqual({ token: name, path, status: 401 });
        expect(response.body.access_token).toBeUndefined();
      }
    }
  });

  it('took no token anywhere: nothing was written, and the real tokens still work', async () => {
    expect(await snapshotDatabase(server)).toEqual(before);
    await request(server.url).get('/auth/me').set('Authorization', alice.bearer).expect(200);
    await request(server.url).post('/auth/refresh').send({ refresh_token: alice.tokens.refresh_token }).expect(200);
  });
});
