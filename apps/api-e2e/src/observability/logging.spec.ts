import request from 'supertest';
import { JWT_PATTERN, registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, openRaw } from '../support/sockets';

interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly reqId?: string;
  readonly req?: { method: string; url: string };
  readonly res?: { status: number };
  readonly route?: string;
  readonly user_id?: string;
  readonly duration_ms?: number;
}

/**
 * Drives a session through every place a secret travels — passwords in bodies, tokens in headers,
 * cookies, `?token=` of the real-time handshakes, bodies the parser refuses — and reads the captured log.
 */
describe('the log', () => {
  let server: RunningServer;
  let alice: TestUser;
  const secrets: string[] = [];

  const lines = (): LogLine[] => server.output.map((line) => JSON.parse(line) as LogLine);
  const accessLine = (requestId: string): LogLine | undefined =>
    lines().find((line) => line.reqId === requestId && line.msg === 'request completed');
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

  beforeAll(async () => {
    server = await startServer({ env: { LOG_LEVEL: 'debug' } });
    alice = await registerUser(server, 'alice');
    secrets.push(alice.password, alice.tokens.access_token, alice.tokens.refresh_token);

    const login = await request(server.url).post('/auth/login').send({ username: alice.user.username, password: alice.password }).expect(200);
    secrets.push(login.body.access_token, login.body.refresh_token);
    const refreshed = await request(server.url).post('/auth/refresh').set('Cookie', `refresh_token=${login.body.refresh_token}`).expect(200);
    secrets.push(refreshed.body.access_token, refreshed.body.refresh_token);
    await request(server.url).post('/auth/logout').send({ refresh_token: refreshed.body.refresh_token }).expect(204);

    await request(server.url).post('/auth/login').send({ username: alice.user.username, password: 'wrong password 123' }).expect(401);
    secrets.push('wrong password 123');
    await request(server.url).get('/auth/me').set('Authorization', alice.bearer).set('X-Request-Id', 'who-am-i').expect(200);
    await request(server.url).get('/auth/me').set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmb3JnZWQifQ.c2lnbmF0dXJl').expect(401);
    await request(server.url).get(`/ws?token=${alice.tokens.access_token}`).set('X-Request-Id', 'raw-ws');
    // Real-time handshakes with the token in the URL, a bad frame, a bad token.
    const socket = await connectSocket(server, { query: { token: alice.tokens.access_token } });
    await socket.emitWithAck('message:send', { conversation_id: 'not-a-uuid', message_id: 'm1', content: 'x' });
    const raw = await openRaw(server, alice.tokens.access_token);
    raw.send('{"type":');
    await eventually(() => raw.frames.length > 0, 3000, 'an error frame');
    await connectSocket(server, { query: { token: `${alice.tokens.access_token}x` } }).catch(() => undefined);
    closeAllSockets();
    await request(server.url)
      .post('/auth/signup')
      .set('Content-Type', 'application/json')
      .set('X-Request-Id', 'broken-body')
      .send(`{"username":"mallory","password":"${'hunter2-secret'}"`)
      .expect(400);
    secrets.push('hunter2-secret');
    await settle();
  });
  afterAll(() => server.dispose());

  it('is one JSON object per line', () => {
    expect(server.output.length).toBeGreaterThan(10);
    for (const line of server.output) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('contains no password and no token, not even inside handshake URLs', () => {
    const log = server.output.join('\n');
    expect(log).not.toMatch(JWT_PATTERN);
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(accessLine('raw-ws')?.req?.url).toBe('/ws?token=[redacted]');
  });

  it('gives every request one line with its id, user, route template, status and duration', () => {
    expect(accessLine('who-am-i')).toMatchObject({
      level: 'info',
      req: { method: 'GET', url: '/auth/me' },
      res: { status: 200 },
      route: '/auth/me',
      user_id: alice.user.id,
      duration_ms: expect.any(Number),
    });
  });

  it('logs requests the body parser refuses, with their request id', async () => {
    expect(accessLine('broken-body')).toMatchObject({ level: 'warn', req: { method: 'POST', url: '/auth/signup' }, res: { status: 400 } });
    const answer = await request(server.url).post('/messages').set('Content-Type', 'application/json').send('{"a":');
    expect(answer.body.instance).toBe(`urn:request:${answer.headers['x-request-id']}`);
  });

  it('logs socket connections of both transports with their user', () => {
    for (const msg of ['socket connected', 'socket disconnected', 'raw socket connected', 'raw socket disconnected']) {
      expect(lines()).toEqual(expect.arrayContaining([expect.objectContaining({ level: 'debug', msg, user_id: alice.user.id })]));
    }
  });

  it('keeps probes and scrapes out of the access log', async () => {
    for (const path of ['/health', '/ready', '/metrics']) await request(server.url).get(path).set('X-Request-Id', `probe${path.replace('/', '-')}`);
    await settle();
    expect(lines().filter((line) => line.reqId?.startsWith('probe-'))).toEqual([]);
  });
});
