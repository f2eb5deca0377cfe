import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, openRaw } from '../support/sockets';

const LIMIT_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

function expectRateLimitHeaders(response: request.Response): void {
  for (const header of LIMIT_HEADERS) expect(response.headers[header]).toMatch(/^\d+$/);
}

/** The details of SPEC section 2 that the original service's own clients and pytest suite rely on. */
describe('compatibility with the original clients', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startServer();
    [alice, bob] = await Promise.all([registerUser(server, 'alice'), registerUser(server, 'bob')]);
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  describe('GET / answers the web app whatever the Accept header', () => {
    it.each([['application/json'], ['*/*'], ['text/html'], [undefined]])('Accept: %s', async (accept) => {
      const call = request(server.url).get('/');
      const response = await (accept === undefined ? call.unset('Accept') : call.set('Accept', accept));
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.text).toContain('<pc-root>');
    });

    it('still answers an API client asking for JSON on an unknown path with the 404 problem', async () => {
      const response = await request(server.url).get('/no-such-page').set('Accept', 'application/json');
      expectProblem(response, 404, 'NOT_FOUND');
    });
  });

  describe('X-RateLimit-* headers on every rate-limited answer', () => {
    it('on a routed answer', async () => {
      expectRateLimitHeaders(await request(server.url).get('/auth/me').set('Authorization', alice.bearer).expect(200));
    });

    it("on an unknown path's 404", async () => {
      const response = await request(server.url).get('/no-such-route/at-all').set('Accept', 'application/json');
      expectProblem(response, 404, 'NOT_FOUND');
      expectRateLimitHeaders(response);
    });

    it('on malformed JSON (400), refused before any route runs', async () => {
      const response = await request(server.url)
        .post('/messages')
        .set('Authorization', alice.bearer)
        .set('Content-Type', 'application/json')
        .send('{"content": ');
      expectProblem(response, 400, 'MALFORMED_JSON');
      expectRateLimitHeaders(response);
    });

    it('on a body over 64 KiB (413)', async () => {
      const response = await request(server.url)
        .post('/messages')
        .set('Authorization', alice.bearer)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ content: 'x'.repeat(70_000) }));
      expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
      expectRateLimitHeaders(response);
    });

    it('on a body that is not JSON (415)', async () => {
      const response = await request(server.url).post('/auth/login').set('Content-Type', 'text/plain').send('username=alice');
      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectRateLimitHeaders(response);
    });

    it('and never on the exempt probes', async () => {
      const response = await request(server.url).get('/health').expect(200);
      for (const header of LIMIT_HEADERS) expect(response.headers[header]).toBeUndefined();
    });
  });

  describe('a sender_id that is not the caller is 403 whatever its JSON type, before its shape is checked', () => {
    let conversationId: string;
    beforeAll(async () => {
      const created = await request(server.url)
        .post('/conversations')
        .set('Authorization', alice.bearer)
        .send({ member_ids: [bob.user.id] });
      conversationId = created.body.id;
    });

    it.each([
      ['another user’s id', () => bob.user.id],
      ['a number', () => 42],
      ['a string that is no UUID', () => 'me'],
      ['an object', () => ({ id: alice.user.id })],
      ['an array', () => [alice.user.id]],
      ['a boolean', () => true],
    ])('%s', async (_, senderId) => {
      const response = await request(server.url)
        .post('/messages')
        .set('Authorization', alice.bearer)
        .send({ message_id: randomUUID(), conversation_id: conversationId, content: 'hi', sender_id: senderId() });
      expectProblem(response, 403, 'FORBIDDEN');
      expect(response.body.detail).toBe('sender_id must match authenticated user');
    });

    it('even when the rest of the body is invalid too', async () => {
      const response = await request(server.url)
        .post('/messages')
        .set('Authorization', alice.bearer)
        .send({ message_id: '', conversation_id: 'nope', content: 7, sender_id: bob.user.id });
      expectProblem(response, 403, 'FORBIDDEN');
      expect(response.body.detail).toBe('sender_id must match authenticated user');
    });

    it('while the caller’s own id (any case) or null is accepted', async () => {
      for (const senderId of [alice.user.id, alice.user.id.toUpperCase(), null]) {
        await request(server.url)
          .post('/messages')
          .set('Authorization', alice.bearer)
          .send({ message_id: randomUUID(), conversation_id: conversationId, content: 'mine', sender_id: senderId })
          .expect(201);
      }
    });
  });

  it('keeps the title given when a 1-on-1 is created; asking again for the pair leaves it as it is', async () => {
    const [carol, dave] = await Promise.all([registerUser(server, 'carol'), registerUser(server, 'dave')]);
    const created = await request(server.url)
      .post('/conversations')
      .set('Authorization', carol.bearer)
      .send({ member_ids: [dave.user.id], title: 'Lunch' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ is_group: false, title: 'Lunch' });
    const again = await request(server.url)
      .post('/conversations')
      .set('Authorization', dave.bearer)
      .send({ member_ids: [carol.user.id], title: 'Other' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: created.body.id, title: 'Lunch' });
    const fetched = await request(server.url).get(`/conversations/${created.body.id}`).set('Authorization', dave.bearer).expect(200);
    expect(fetched.body.title).toBe('Lunch');
  });

  it('closes /ws without a token with 1008 and "Missing authentication token"', async () => {
    const raw = await openRaw(server);
    const closed = await raw.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toContain('Missing authentication token');
  });
});
