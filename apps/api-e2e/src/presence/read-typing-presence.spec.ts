import type { Conversation, User } from '@pneumatic/contracts';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, pause, record } from '../support/sockets';

/** The server waits this long before announcing a user offline (PresenceService.OFFLINE_GRACE_MS). */
const OFFLINE_GRACE_MS = 3000;

describe('read markers, unread counts, typing and presence', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  const conversationOf = async (user: TestUser, id: string): Promise<Conversation> =>
    (await request(server.url).get('/conversations').set('Authorization', user.bearer)).body.conversations.find((c: Conversation) => c.id === id);
  const open = async (owner: TestUser, others: TestUser[]): Promise<Conversation> =>
    (await request(server.url).post('/conversations').set('Authorization', owner.bearer).send({ member_ids: others.map((o) => o.user.id), is_group: true })).body;

  it('keeps unread counts right through sends and reads on two devices, and tells every device', async () => {
    const [alice, bob] = await Promise.all([registerUser(server, 'alice'), registerUser(server, 'bob')]);
    const room = await open(alice, [bob]);
    const aliceSocket = await connectSocket(server, { token: alice.tokens.access_token });
    const [bobPhone, bobLaptop] = await Promise.all([1, 2].map(() => connectSocket(server, { token: bob.tokens.access_token })));
    const reads = [bobPhone, bobLaptop, aliceSocket].map((socket) => record(socket, 'read'));
    for (let i = 0; i < 3; i++) await aliceSocket.emitWithAck('message:send', { conversation_id: room.id, message_id: `m${i}`, content: `hi ${i}` });

    expect(await conversationOf(bob, room.id)).toMatchObject({ last_seq: 3, last_read_seq: 0, unread_count: 3 });
    expect(await conversationOf(alice, room.id)).toMatchObject({ unread_count: 0 });

    expect(await bobPhone.emitWithAck('read', { conversation_id: room.id, seq: 2 })).toEqual({ ok: true, seq: 2 });
    expect(await conversationOf(bob, room.id)).toMatchObject({ last_read_seq: 2, unread_count: 1 });
    await eventually(() => reads.every((events) => events.length === 1), 3000, 'read events on every device');
    expect(reads[1][0]).toEqual({ conversation_id: room.id, user_id: bob.user.id, seq: 2 });

    const rest = await request(server.url).post(`/conversations/${room.id}/read`).set('Authorization', bob.bearer).send({ seq: 3 }).expect(200);
    expect(rest.body).toMatchObject({ id: room.id, last_read_seq: 3, unread_count: 0 });
    await eventually(() => reads.every((events) => events.length === 2), 3000, 'second read events');

    await aliceSocket.emitWithAck('message:send', { conversation_id: room.id, message_id: 'm3', content: 'one more' });
    expect(await conversationOf(bob, room.id)).toMatchObject({ last_seq: 4, last_read_seq: 3, unread_count: 1 });
  });

  it('never moves a read marker back, nor past the newest message', async () => {
    const [alice, bob] = await Promise.all([registerUser(server, 'alice'), registerUser(server, 'bob')]);
    const room = await open(alice, [bob]);
    for (let i = 0; i < 5; i++) {
      await request(server.url).post('/messages').set('Authorization', alice.bearer).send({ conversation_id: room.id, message_id: `k${i}`, content: 'x' });
    }
    const bobSocket = await connectSocket(server, { token: bob.tokens.access_token });
    const events = record(bobSocket, 'read');
    expect(await bobSocket.emitWithAck('read', { conversation_id: room.id, seq: 4 })).toEqual({ ok: true, seq: 4 });
    expect(await bobSocket.emitWithAck('read', { conversation_id: room.id, seq: 2 })).toEqual({ ok: true, seq: 4 });
    expect(await bobSocket.emitWithAck('read', { conversation_id: room.id, seq: 999 })).toEqual({ ok: true, seq: 5 });
    await pause(200);
    expect(events.map((e) => e.seq)).toEqual([4, 5]);
    const back = await request(server.url).post(`/conversations/${room.id}/read`).set('Authorization', bob.bearer).send({ seq: 1 }).expect(200);
    expect(back.body.last_read_seq).toBe(5);
  });

  it('refuses read markers from non-members and bad input', async () => {
    const [alice, bob, outsider] = await Promise.all(['alice', 'bob', 'out'].map((n) => registerUser(server, n)));
    const room = await open(alice, [bob]);
    expectProblem(await request(server.url).post(`/conversations/${room.id}/read`).set('Authorization', outsider.bearer).send({ seq: 1 }), 403, 'FORBIDDEN');
    expectProblem(await request(server.url).post(`/conversations/${room.id}/read`).set('Authorization', bob.bearer).send({ seq: -1 }), 400, 'VALIDATION_FAILED');
    expectProblem(await request(server.url).post(`/conversations/${room.id}/read`).set('Authorization', bob.bearer).send({ seq: '3' }), 400, 'VALIDATION_FAILED');
    const socket = await connectSocket(server, { token: outsider.tokens.access_token });
    expect(await socket.emitWithAck('read', { conversation_id: room.id, seq: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await socket.emitWithAck('typing', { conversation_id: room.id, typing: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('relays typing to the other members only, and turns it off by itself after 5 s', async () => {
    const [alice, bob, outsider] = await Promise.all(['alice', 'bob', 'out'].map((n) => registerUser(server, n)));
    const room = await open(alice, [bob]);
    const [aliceTyping, aliceOther, bobDevice, outsiderDevice] = await Promise.all(
      [alice, alice, bob, outsider].map((u) => connectSocket(server, { token: u.tokens.access_token })),
    );
    const heard = [aliceOther, bobDevice, outsiderDevice].map((socket) => record(socket, 'typing'));
    expect(await aliceTyping.emitWithAck('typing', { conversation_id: room.id, typing: true })).toEqual({ ok: true });
    await eventually(() => heard[1].length === 1, 3000, 'typing at the other member');
    expect(heard[1][0]).toEqual({ conversation_id: room.id, user_id: alice.user.id, typing: true });
    await eventually(() => heard[1].length === 2, 7000, 'typing to expire');
    expect(heard[1][1]).toMatchObject({ typing: false });
    expect(heard[0]).toHaveLength(0);
    expect(heard[2]).toHaveLength(0);
  }, 15_000);

  it('announces presence once per real change across two devices, and lists online and last_seen', async () => {
    const [alice, bob] = await Promise.all([registerUser(server, 'alice'), registerUser(server, 'bob')]);
    await open(alice, [bob]);
    const watcher = await connectSocket(server, { token: bob.tokens.access_token });
    const presence = record(watcher, 'presence');

    const phone = await connectSocket(server, { token: alice.tokens.access_token });
    const laptop = await connectSocket(server, { token: alice.tokens.access_token });
    await eventually(() => presence.length === 1, 3000, 'online');
    expect(presence[0]).toEqual({ user_id: alice.user.id, status: 'online', last_seen: null });
    const listed = (await request(server.url).get(`/users?q=${alice.user.username}`).set('Authorization', bob.bearer)).body.users as User[];
    expect(listed[0]).toMatchObject({ id: alice.user.id, online: true, last_seen: null });

    phone.close();
    await pause(200);
    // A reload of the last device within the grace period changes nothing.
    laptop.close();
    const reloaded = await connectSocket(server, { token: alice.tokens.access_token });
    await pause(OFFLINE_GRACE_MS + 500);
    expect(presence).toHaveLength(1);

    reloaded.close();
    await eventually(() => presence.length === 2, OFFLINE_GRACE_MS + 3000, 'offline');
    expect(presence[1]).toMatchObject({ user_id: alice.user.id, status: 'offline', last_seen: expect.any(String) });
    const after = (await request(server.url).get(`/users?q=${alice.user.username}`).set('Authorization', bob.bearer)).body.users as User[];
    expect(after[0]).toMatchObject({ online: false, last_seen: presence[1].last_seen });
    const conversations = (await request(server.url).get('/conversations').set('Authorization', bob.bearer)).body.conversations as Conversation[];
    expect(conversations[0].presence).toEqual([{ user_id: alice.user.id, online: false, last_seen: presence[1].last_seen }]);
  }, 20_000);
});
