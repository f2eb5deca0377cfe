import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { scrape, valueOf } from './prometheus';

/** The original service's four metrics: dashboards and alerts know these names, types and HELP lines. */
const ORIGINAL_METRICS = [
  ['pneumatic_websocket_connections_total', 'counter', 'Total number of WebSocket connections established'],
  ['pneumatic_websocket_connections_active', 'gauge', 'Current number of active WebSocket connections'],
  ['pneumatic_messages_sent_total', 'counter', 'Total number of messages sent'],
  ['pneumatic_messages_per_second', 'gauge', 'Average messages per second over last 60 seconds'],
] as const;

describe('/metrics', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;

  const send = (user: TestUser, messageId: string, content = `text of ${messageId}`) =>
    request(server.url).post('/messages').set('Authorization', user.bearer).send({ conversation_id: conversationId, message_id: messageId, content });

  beforeAll(async () => {
    server = await startServer();
    [alice, bob] = await Promise.all([registerUser(server, 'alice'), registerUser(server, 'bob')]);
    const created = await request(server.url).post('/conversations').set('Authorization', alice.bearer).send({ member_ids: [bob.user.id] }).expect(201);
    conversationId = created.body.id;
  });
  afterAll(() => server.dispose());

  it.each(ORIGINAL_METRICS)('exposes %s as a %s with the original HELP line', async (name, type, help) => {
    const { text, samples } = await scrape(server);
    expect(text).toContain(`# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`);
    expect(valueOf(samples, name)).toEqual(expect.any(Number));
  });

  it('counts every stored message exactly once: replays and refused sends do not count', async () => {
    const before = valueOf((await scrape(server)).samples, 'pneumatic_messages_sent_total') ?? NaN;
    const keys = Array.from({ length: 7 }, () => randomUUID());
    for (const [i, key] of keys.entries()) await send(i % 2 ? bob : alice, key).expect(201);
    await send(alice, keys[0]).expect(200); // an idempotent replay
    await send(alice, keys[0], 'other text').expect(409);
    await send(alice, randomUUID(), '   ').expect(400);
    const after = valueOf((await scrape(server)).samples, 'pneumatic_messages_sent_total');
    expect(after).toBe(before + keys.length);
  });

  it('reports the message rate over the last 60 s', async () => {
    const before = valueOf((await scrape(server)).samples, 'pneumatic_messages_per_second') ?? NaN;
    for (let i = 0; i < 6; i += 1) await send(alice, randomUUID()).expect(201);
    const after = valueOf((await scrape(server)).samples, 'pneumatic_messages_per_second') ?? NaN;
    expect(after - before).toBeCloseTo(6 / 60, 5);
  });

  it('times HTTP requests by route template and status, never by raw path', async () => {
    const unknown = randomUUID();
    await request(server.url).get(`/conversations/${unknown}`).set('Authorization', alice.bearer).expect(404);
    await request(server.url).get(`/conversations/${conversationId}/messages`).set('Authorization', alice.bearer).expect(200);
    await request(server.url).get(`/no/such/${unknown}`).expect(404);
    const { text, samples } = await scrape(server);
    const count = (labels: Record<string, string>) => valueOf(samples, 'http_request_duration_seconds_count', labels);
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(count({ method: 'GET', route: '/conversations/:id', status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(count({ method: 'GET', route: '/conversations/:id/messages', status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(count({ method: 'POST', route: '/messages', status_code: '201' })).toBeGreaterThanOrEqual(7);
    expect(count({ method: 'GET', route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(unknown);
    expect(text).not.toContain(conversationId);
  });

  it("has a send-to-fan-out latency histogram and Node's default metrics", async () => {
    const { text } = await scrape(server);
    expect(text).toContain('# TYPE pneumatic_message_fanout_latency_seconds histogram');
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });
});
