import type { Conversation } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { ChatClient, closeAllSockets, connectSocket, eventually, openRaw, RawClient } from '../support/sockets';
import { waitUntil } from './helpers';
import { scrape, valueOf } from './prometheus';

async function conversationOf(server: RunningServer, owner: TestUser, other: TestUser): Promise<Conversation> {
  const response = await request(server.url).post('/conversations').set('Authorization', owner.bearer).send({ member_ids: [other.user.id] });
  return response.body;
}

const sendOver = (socket: ChatClient, conversationId: string, messageId = randomUUID()) =>
  socket.emitWithAck('message:send', { conversation_id: conversationId, message_id: messageId, content: `text ${messageId}` });

describe('real-time metrics', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;

  const metric = async (name: string, labels: Record<string, string> = {}) => valueOf((await scrape(server)).samples, name, labels) ?? 0;

  beforeAll(async () => {
    server = await startServer();
    [alice, bob] = await Promise.all([registerUser(server, 'alice'), registerUser(server, 'bob')]);
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  it('count connections of both transports, and only open ones as active', async () => {
    const total = await metric('pneumatic_websocket_connections_total');
    const active = await metric('pneumatic_websocket_connections_active');
    const sockets = await Promise.all([connectSocket(server, { token: alice.tokens.access_token }), connectSocket(server, { token: bob.tokens.access_token })]);
    const raw = await openRaw(server, alice.tokens.access_token);
    await waitUntil(async () => (await metric('pneumatic_websocket_connections_active')) === active + 3, 'three active connections');
    expect(await metric('pneumatic_websocket_connections_total')).toBe(total + 3);
    expect(await metric('pneumatic_websocket_connections_by_transport', { transport: 'socket.io' })).toBe(2);
    expect(await metric('pneumatic_websocket_connections_by_transport', { transport: 'ws' })).toBe(1);

    await expect(connectSocket(server, { token: 'garbage' })).rejects.toBeDefined();
    for (const socket of sockets) socket.close();
    raw.socket.close();
    await waitUntil(async () => (await metric('pneumatic_websocket_connections_active')) === active, 'no active connections');
    expect(await metric('pneumatic_websocket_connections_total')).toBe(total + 3);
  });

  it('count every message stored by Socket.IO, /ws and REST once, and time its fan-out', async () => {
    const room = await conversationOf(server, alice, bob);
    const sent = await metric('pneumatic_messages_sent_total');
    const fannedOut = await metric('pneumatic_message_fanout_latency_seconds_count');
    const socket = await connectSocket(server, { token: alice.tokens.access_token });
    const raw = await openRaw(server, bob.tokens.access_token);
    const replayed = randomUUID();
    expect(await sendOver(socket, room.id, replayed)).toMatchObject({ ok: true });
    expect(await sendOver(socket, room.id)).toMatchObject({ ok: true });
    expect(await sendOver(socket, room.id, replayed)).toMatchObject({ ok: true }); // a replay: not stored again
    raw.send({ type: 'message', message_id: randomUUID(), conversation_id: room.id, content: 'from /ws' });
    await request(server.url).post('/messages').set('Authorization', bob.bearer).send({ conversation_id: room.id, message_id: randomUUID(), content: 'rest' }).expect(201);
    await eventually(() => raw.frames.filter((frame) => frame.type === 'message').length === 4, 3000, 'four deliveries to /ws');
    expect(await metric('pneumatic_messages_sent_total')).toBe(sent + 4);
    expect(await metric('pneumatic_message_fanout_latency_seconds_count')).toBe(fannedOut + 4);
  });
});

describe('the socket event limit (RATE_LIMIT_PER_MINUTE=5)', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_PER_HOUR: '1000' } });
    [alice, bob] = await Promise.all([registerUser(server, 'alice'), registerUser(server, 'bob')]);
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  it('counts per user across all their devices and transports, answers RATE_LIMITED and stores nothing over it', async () => {
    const room = await conversationOf(server, alice, bob);
    const [phone, laptop] = await Promise.all([connectSocket(server, { token: alice.tokens.access_token }), connectSocket(server, { token: alice.tokens.access_token })]);
    const raw: RawClient = await openRaw(server, alice.tokens.access_token);
    const acks = [];
    for (let i = 0; i < 3; i += 1) acks.push(await sendOver(phone, room.id));
    for (let i = 0; i < 3; i += 1) acks.push(await sendOver(laptop, room.id));
    expect(acks.slice(0, 5).every((ack) => ack.ok)).toBe(true);
    expect(acks[5]).toEqual({ ok: false, error: expect.objectContaining({ status: 429, code: 'RATE_LIMITED' }) });
    expect(!acks[5].ok && acks[5].error.detail).toMatch(/retry in \d+ s/);

    raw.send({ type: 'message', message_id: randomUUID(), conversation_id: room.id, content: 'one too many' });
    await eventually(() => raw.frames.some((frame) => frame.type === 'error'), 3000, 'an error frame');
    expect(raw.frames.find((frame) => frame.type === 'error')).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });

    // Another user is not affected, and the REST API keeps its own budget.
    const bobSocket = await connectSocket(server, { token: bob.tokens.access_token });
    expect(await sendOver(bobSocket, room.id)).toMatchObject({ ok: true });
    const history = await request(server.url).get(`/conversations/${room.id}/messages`).set('Authorization', alice.bearer).expect(200);
    expect(history.body.messages).toHaveLength(6);
    expect(history.body.messages.filter((message: { sender_id: string }) => message.sender_id === alice.user.id)).toHaveLength(5);

    const { samples } = await scrape(server);
    expect(valueOf(samples, 'pneumatic_rate_limited_total', { transport: 'socket' })).toBe(2);
  });
});
