import type { Conversation, RawServerFrame } from '@pneumatic/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { createPostgresDatabase, describeWhen, hasPostgres, hasRedis, REDIS_URL, TestDatabase } from '../support/services';
import { ChatClient, closeAllSockets, connectSocket, eventually, openRaw, pause, RawClient } from '../support/sockets';

const describeScaleOut = describeWhen(hasPostgres() && hasRedis(), 'needs PostgreSQL and Redis');

/** SPEC 10.4 on the production topology: membership changes made on one instance hold on the other at once. */
describeScaleOut('groups across two instances (PostgreSQL and Redis)', () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let bobLaptop: TestUser;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: `groups-${randomBytes(4).toString('hex')}` };
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => registerUser(a, name)));
    const login = await request(b.url).post('/auth/login').send({ username: bob.user.username, password: bob.password }).expect(200);
    bobLaptop = { ...bob, tokens: login.body, bearer: `Bearer ${login.body.access_token}` };
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await database?.drop();
  });

  const group = async (server: RunningServer): Promise<Conversation> =>
    (
      await request(server.url)
        .post('/conversations')
        .set('Authorization', alice.bearer)
        .send({ title: 'Across', member_ids: [bob.user.id, carol.user.id], is_group: true })
        .expect(201)
    ).body;
  const send = (server: RunningServer, user: TestUser, room: Conversation, content: string) =>
    request(server.url)
      .post('/messages')
      .set('Authorization', user.bearer)
      .send({ conversation_id: room.id, message_id: `m-${randomUUID()}`, content });
  /** Every event but presence and sign-ups (which concern no one conversation), in order. */
  const listen = (socket: ChatClient) => {
    const events: [string, unknown][] = [];
    socket.onAny((name: string, payload: unknown) => {
      if (name !== 'presence' && name !== 'user:new') events.push([name, payload]);
    });
    return events;
  };
  const rawOn = async (server: RunningServer, user: TestUser, room: Conversation): Promise<RawClient> => {
    const raw = await openRaw(server, user.tokens.access_token);
    raw.send({ type: 'join', conversation_id: room.id });
    await eventually(() => raw.frames.some((frame) => frame.type === 'joined'), 5000, 'joined');
    return raw;
  };
  const mentions = (payload: unknown, text: string) => JSON.stringify(payload).includes(text);

  it('a removal on A reaches every device of the member on both instances, and a message sent on B right after never does', async () => {
    for (let round = 0; round < 5; round++) {
      const room = await group(a);
      const [phoneOnA, laptopOnB, carolOnB, aliceOnB] = await Promise.all([
        connectSocket(a, { token: bob.tokens.access_token }),
        connectSocket(b, { token: bobLaptop.tokens.access_token }),
        connectSocket(b, { token: carol.tokens.access_token }),
        connectSocket(b, { token: alice.tokens.access_token }),
      ]);
      const rawOnB = await rawOn(b, bob, room);
      const [phone, laptop, carolHears] = [phoneOnA, laptopOnB, carolOnB].map(listen);
      // B has delivered this conversation before: whatever it keeps about its members is warm.
      await send(b, carol, room, `warm ${round}`).expect(201);
      await eventually(() => [phone, laptop].every((events) => events.length === 1) && rawOnB.frames.length === 2, 5000, 'the warm-up');

      await request(a.url).delete(`/conversations/${room.id}/members/${bob.user.id}`).set('Authorization', alice.bearer).expect(204);
      // Right after, on B, by REST and by Socket.IO.
      const [afterRest, afterSocket] = await Promise.all([
        send(b, carol, room, `after rest ${round}`),
        aliceOnB.emitWithAck('message:send', {
          conversation_id: room.id,
          message_id: `m-${randomUUID()}`,
          content: `after socket ${round}`,
        }),
      ]);
      expect(afterRest.status).toBe(201);
      expect(afterSocket).toMatchObject({ ok: true });
      await eventually(
        () => mentions(carolHears, `after rest ${round}`) && mentions(carolHears, `after socket ${round}`),
        5000,
        'the messages after the removal',
      );
      await eventually(() => [phone, laptop].every((events) => events.length === 2), 5000, 'conversation:removed on both devices');
      await pause(300);
      for (const events of [phone, laptop]) expect(events[1]).toEqual(['conversation:removed', { conversation_id: room.id }]);
      for (const events of [phone, laptop]) expect(events).toHaveLength(2);
      const frames: RawServerFrame[] = rawOnB.frames.slice(2);
      expect(frames).toEqual([{ type: 'conversation_removed', conversation_id: room.id }]);
    }
  });

  it('a removed member is refused on both instances, by REST and Socket.IO', async () => {
    const room = await group(a);
    await request(b.url).delete(`/conversations/${room.id}/members/${bob.user.id}`).set('Authorization', alice.bearer).expect(204);
    for (const server of [a, b]) {
      expectProblem(await request(server.url).get(`/conversations/${room.id}/messages`).set('Authorization', bob.bearer), 403, 'FORBIDDEN');
      expectProblem(await send(server, bob, room, 'still here?'), 403, 'FORBIDDEN');
      const socket = await connectSocket(server, { token: bob.tokens.access_token });
      const ack = await socket.emitWithAck('message:send', {
        conversation_id: room.id,
        message_id: `m-${randomUUID()}`,
        content: 'hello?',
      });
      expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('an add on B: the added member on A gets conversation:new, then every message sent on A', async () => {
    const room = await group(a);
    await request(a.url).delete(`/conversations/${room.id}/members/${carol.user.id}`).set('Authorization', alice.bearer).expect(204);
    const carolOnA = await connectSocket(a, { token: carol.tokens.access_token });
    const heard = listen(carolOnA);
    await request(b.url)
      .post(`/conversations/${room.id}/members`)
      .set('Authorization', alice.bearer)
      .send({ user_ids: [carol.user.id] })
      .expect(200);
    await send(a, bob, room, 'welcome back').expect(201);
    await eventually(() => heard.length === 3, 5000, 'the group, its system message and the next message');
    expect(heard.map(([name]) => name)).toEqual(['conversation:new', 'message:new', 'message:new']);
    expect(heard[1][1]).toMatchObject({ message: { kind: 'system', system: { type: 'member_added', user_ids: [carol.user.id] } } });
    expect(heard[2][1]).toMatchObject({ message: { content: 'welcome back' } });
  });
});
