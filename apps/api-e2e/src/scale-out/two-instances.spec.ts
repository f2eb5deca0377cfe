import type { Conversation, Message } from '@pneumatic/contracts';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { createPostgresDatabase, describeWhen, hasPostgres, hasRedis, REDIS_URL, TestDatabase } from '../support/services';
import { closeAllSockets, connectSocket, eventually, openRaw, pause, record } from '../support/sockets';

const describeScaleOut = describeWhen(hasPostgres() && hasRedis(), 'needs PostgreSQL and Redis');

/** Two API processes on two ports, one PostgreSQL database, one Redis: the production topology. */
describeScaleOut('two instances on one PostgreSQL database and one Redis', () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let room: Conversation;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: `e2e-${randomBytes(4).toString('hex')}`,
    };
    // Started together on an empty database: they take turns migrating it.
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => registerUser(a, name)));
    room = (
      await request(a.url)
        .post('/conversations')
        .set('Authorization', alice.bearer)
        .send({ member_ids: [bob.user.id, carol.user.id] })
    ).body;
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await database?.drop();
  });

  const history = async (user: TestUser, server: RunningServer): Promise<Message[]> =>
    (await request(server.url).get(`/conversations/${room.id}/messages?limit=100`).set('Authorization', user.bearer)).body.messages;

  it('reports Redis in readiness on both instances', async () => {
    for (const server of [a, b]) {
      const ready = await request(server.url).get('/ready').expect(200);
      expect(ready.body.checks).toMatchObject({
        database: 'up',
        redis: 'up',
      });
    }
  });

  it('delivers messages sent on A (Socket.IO, REST and /ws) to every device on B exactly once, in seq order', async () => {
    const aliceOnA = await connectSocket(a, {
      token: alice.tokens.access_token,
    });
    const aliceRawOnA = await openRaw(a, alice.tokens.access_token);
    const [bobPhoneOnB, bobLaptopOnB] = await Promise.all([1, 2].map(() => connectSocket(b, { token: bob.tokens.access_token })));
    const bobRawOnB = await openRaw(b, bob.tokens.access_token);
    const events = [bobPhoneOnB, bobLaptopOnB].map((socket) => record(socket, 'message:new'));
    const before = (await history(alice, a)).length;

    await aliceOnA.emitWithAck('message:send', {
      conversation_id: room.id,
      message_id: 'x-io',
      content: 'over Socket.IO',
    });
    await request(a.url)
      .post('/messages')
      .set('Authorization', alice.bearer)
      .send({
        conversation_id: room.id,
        message_id: 'x-rest',
        content: 'over REST',
      })
      .expect(201);
    aliceRawOnA.send({
      type: 'message',
      conversation_id: room.id,
      message_id: 'x-raw',
      content: 'over /ws',
    });

    await eventually(() => events.every((list) => list.length === 3) && bobRawOnB.frames.length === 3, 5000, 'three deliveries on B');
    await pause(300);
    const expected = [before + 1, before + 2, before + 3];
    for (const list of events) expect(list.map((e) => e.message.seq)).toEqual(expected);
    expect(bobRawOnB.frames.map((f) => (f.type === 'message' ? f.message.seq : -1))).toEqual(expected);
    expect(events[0].map((e) => e.message.message_id)).toEqual(['x-io', 'x-rest', 'x-raw']);
  });

  it('announces a sign-up on A once to every device on both instances', async () => {
    // Listeners of their own: the presence test after this one counts alice's, bob's and carol's transitions.
    const [dora, eve] = await Promise.all([registerUser(a, 'dora'), registerUser(a, 'eve')]);
    const devices = await Promise.all([
      connectSocket(a, { token: dora.tokens.access_token }),
      connectSocket(b, { token: dora.tokens.access_token }),
      connectSocket(b, { token: eve.tokens.access_token }),
    ]);
    const heard = devices.map((socket) => record(socket, 'user:new'));
    const newcomer = await registerUser(a, 'newcomer');
    await eventually(() => heard.every((events) => events.length >= 1), 5000, 'user:new on both instances');
    await pause(300);
    expect(heard).toEqual([[{ user: newcomer.user }], [{ user: newcomer.user }], [{ user: newcomer.user }]]);
  });

  it('announces edits and deletions made on A to every device on B once, and B catches up on those it missed', async () => {
    const sent: Message = (
      await request(a.url)
        .post('/messages')
        .set('Authorization', alice.bearer)
        .send({ conversation_id: room.id, message_id: 'to-change', content: 'original' })
        .expect(201)
    ).body;
    const [bobPhoneOnB, bobLaptopOnB] = await Promise.all([1, 2].map(() => connectSocket(b, { token: bob.tokens.access_token })));
    const bobRawOnB = await openRaw(b, bob.tokens.access_token);
    bobRawOnB.send({ type: 'join', conversation_id: room.id });
    await eventually(() => bobRawOnB.frames.some((f) => f.type === 'joined'), 3000, 'joined');
    const updates = [bobPhoneOnB, bobLaptopOnB].map((socket) => record(socket, 'message:updated'));
    const aliceOnA = await connectSocket(a, { token: alice.tokens.access_token });
    expect(await aliceOnA.emitWithAck('message:edit', { id: sent.id, content: 'edited on A' })).toMatchObject({ ok: true });
    await eventually(() => updates.every((list) => list.length === 1), 5000, 'the edit on both of B’s devices');
    await eventually(() => bobRawOnB.frames.some((f) => f.type === 'message_updated'), 5000, 'the edit on B’s /ws');

    // The laptop goes away; meanwhile the message is deleted on A; on its return to B, sync tells it.
    const { last_seq, last_change_seq } = (await request(b.url).get(`/conversations/${room.id}`).set('Authorization', bob.bearer))
      .body as Conversation;
    bobLaptopOnB.disconnect();
    await request(a.url).delete(`/messages/${sent.id}`).set('Authorization', alice.bearer).expect(204);
    await eventually(() => updates[0].length === 2, 5000, 'the deletion on the phone');
    await pause(300);
    expect(updates[0].map((u) => u.message.content)).toEqual(['edited on A', '']);
    expect(bobRawOnB.frames.filter((f) => f.type === 'message_updated')).toHaveLength(2);
    const laptopAgain = await connectSocket(b, { token: bob.tokens.access_token });
    const sync = await laptopAgain.emitWithAck('sync', {
      conversations: [{ conversation_id: room.id, after_seq: last_seq, after_change_seq: last_change_seq }],
    });
    if (!sync.ok) throw new Error(JSON.stringify(sync.error));
    expect(sync.results[0].changes).toEqual([expect.objectContaining({ id: sent.id, content: '', deleted_at: expect.any(String) })]);
  });

  it('announces reactions made on A, and replies sent on A with their quote, to every device on B once', async () => {
    const original: Message = (
      await request(a.url)
        .post('/messages')
        .set('Authorization', alice.bearer)
        .send({ conversation_id: room.id, message_id: 'to-react', content: 'react to me' })
        .expect(201)
    ).body;
    const bobOnB = await connectSocket(b, { token: bob.tokens.access_token });
    const updates = record(bobOnB, 'message:updated');
    const arrivals = record(bobOnB, 'message:new');
    const aliceOnA = await connectSocket(a, { token: alice.tokens.access_token });
    expect(await aliceOnA.emitWithAck('reaction:add', { id: original.id, emoji: '🎉' })).toMatchObject({ ok: true });
    await eventually(() => updates.length === 1, 5000, 'the reaction on B');
    expect(updates[0].message.reactions).toEqual([{ emoji: '🎉', count: 1, user_ids: [alice.user.id] }]);
    const reply = await aliceOnA.emitWithAck('message:send', {
      conversation_id: room.id,
      message_id: 'a-reply',
      content: 'and a reply',
      reply_to_id: original.id,
    });
    expect(reply).toMatchObject({ ok: true });
    await eventually(() => arrivals.length === 1, 5000, 'the reply on B');
    expect(arrivals[0].message.reply_to).toMatchObject({ id: original.id, excerpt: 'react to me' });
    await pause(300);
    expect(updates).toHaveLength(1);
    expect(arrivals).toHaveLength(1);
  });

  it('announces presence once per real change, even when the user moves between instances', async () => {
    const watcherOnB = await connectSocket(b, {
      token: bob.tokens.access_token,
    });
    const all = record(watcherOnB, 'presence');
    // Other users of earlier tests come and go too: watch Carol only.
    const presence = () => all.filter((event) => event.user_id === carol.user.id);
    const carolOnA = await connectSocket(a, {
      token: carol.tokens.access_token,
    });
    await eventually(() => presence().length === 1, 3000, 'online');
    expect(presence()[0]).toMatchObject({
      user_id: carol.user.id,
      status: 'online',
    });

    carolOnA.close();
    const carolOnB = await connectSocket(b, {
      token: carol.tokens.access_token,
    });
    await pause(4000);
    expect(presence()).toHaveLength(1);

    carolOnB.close();
    await eventually(() => presence().length === 2, 6000, 'offline');
    expect(presence()[1]).toMatchObject({
      user_id: carol.user.id,
      status: 'offline',
    });
  }, 20_000);

  it('keeps serving on A when B is killed; B’s clients reconnect to A and catch up by sync with no gap', async () => {
    const aliceOnA = await connectSocket(a, {
      token: alice.tokens.access_token,
    });
    const bobOnB = await connectSocket(b, { token: bob.tokens.access_token });
    const live = record(bobOnB, 'message:new');
    await aliceOnA.emitWithAck('message:send', {
      conversation_id: room.id,
      message_id: 'before-kill',
      content: 'seen live',
    });
    await eventually(() => live.length === 1, 3000, 'live delivery before the kill');
    const lastSeen = live[0].message.seq;

    await b.kill();
    for (let i = 0; i < 5; i++) {
      const ack = await aliceOnA.emitWithAck('message:send', {
        conversation_id: room.id,
        message_id: `during-${i}`,
        content: `while B is down ${i}`,
      });
      expect(ack.ok).toBe(true);
    }
    await request(a.url).get('/ready').expect(200);

    const bobOnA = await connectSocket(a, { token: bob.tokens.access_token });
    const sync = await bobOnA.emitWithAck('sync', {
      conversations: [{ conversation_id: room.id, after_seq: lastSeen }],
    });
    if (!sync.ok) throw new Error(JSON.stringify(sync.error));
    const caughtUp = sync.results[0].messages.map((m) => m.seq);
    expect(caughtUp).toEqual(Array.from({ length: 5 }, (_, i) => lastSeen + 1 + i));
    expect(sync.results[0].messages.map((m) => m.message_id)).toEqual(Array.from({ length: 5 }, (_, i) => `during-${i}`));
    const all = (await history(bob, a)).map((m) => m.seq);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });
});
