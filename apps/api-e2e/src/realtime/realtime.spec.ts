import type { Conversation, Message } from '@pneumatic/contracts';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, openRaw, pause, record } from '../support/sockets';

describe('real time over Socket.IO and the raw WebSocket', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let outsider: TestUser;

  const createConversation = async (owner: TestUser, others: TestUser[], isGroup = true): Promise<Conversation> =>
    (
      await request(server.url)
        .post('/conversations')
        .set('Authorization', owner.bearer)
        .send({ member_ids: others.map((o) => o.user.id), is_group: isGroup })
    ).body;
  const restSend = (user: TestUser, conversationId: string, messageId: string, content = `rest ${messageId}`) =>
    request(server.url).post('/messages').set('Authorization', user.bearer).send({ conversation_id: conversationId, message_id: messageId, content });

  beforeAll(async () => {
    server = await startServer();
    [alice, bob, carol, outsider] = await Promise.all(['alice', 'bob', 'carol', 'out'].map((n) => registerUser(server, n)));
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  describe('the Socket.IO handshake', () => {
    it.each([
      ['no token', {}],
      ['a garbage token', { token: 'garbage' }],
    ])('fails with connect_error UNAUTHORIZED for %s', async (_, options) => {
      await expect(connectSocket(server, options)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    });

    it('fails for a refresh token presented as an access token', async () => {
      await expect(connectSocket(server, { token: alice.tokens.refresh_token })).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    });

    it('accepts the token from auth, from ?token= and from an Authorization header', async () => {
      await connectSocket(server, { token: alice.tokens.access_token });
      await connectSocket(server, { query: { token: alice.tokens.access_token } });
      await connectSocket(server, { headers: { Authorization: alice.bearer } });
    });
  });

  describe('fan-out', () => {
    it('delivers each message once to every device of every member, and to nobody else', async () => {
      const room = await createConversation(alice, [bob]);
      const [bobPhone, bobLaptop, aliceDevice, intruder] = await Promise.all([
        connectSocket(server, { token: bob.tokens.access_token }),
        connectSocket(server, { token: bob.tokens.access_token }),
        connectSocket(server, { token: alice.tokens.access_token }),
        connectSocket(server, { token: outsider.tokens.access_token }),
      ]);
      const got = [bobPhone, bobLaptop, aliceDevice, intruder].map((socket) => record(socket, 'message:new'));
      const ack = await aliceDevice.emitWithAck('message:send', { conversation_id: room.id, message_id: 'hello-1', content: 'hello' });
      expect(ack).toMatchObject({ ok: true, message: { seq: 1, content: 'hello', sender_id: alice.user.id } });
      await eventually(() => got.slice(0, 3).every((events) => events.length === 1), 3000, 'deliveries');
      await pause(200);
      expect(got.map((events) => events.length)).toEqual([1, 1, 1, 0]);
      expect(got[0][0].message).toEqual(ack.ok && ack.message);
    });

    it('delivers a REST send over Socket.IO and /ws, and a /ws send over Socket.IO', async () => {
      const room = await createConversation(alice, [bob]);
      const bobSocket = await connectSocket(server, { token: bob.tokens.access_token });
      const socketEvents = record(bobSocket, 'message:new');
      const raw = await openRaw(server, bob.tokens.access_token);
      const aliceRaw = await openRaw(server, alice.tokens.access_token);
      await restSend(alice, room.id, 'via-rest').expect(201);
      await eventually(() => socketEvents.length === 1 && raw.frames.length === 1, 3000, 'REST delivery');
      expect(raw.frames[0]).toMatchObject({ type: 'message', message: { message_id: 'via-rest', seq: 1 } });

      aliceRaw.send({ type: 'message', message_id: 'via-ws', conversation_id: room.id, content: 'from raw' });
      await eventually(() => socketEvents.length === 2, 3000, 'raw delivery');
      expect(socketEvents[1].message).toMatchObject({ message_id: 'via-ws', seq: 2, sender_id: alice.user.id });
      await eventually(() => aliceRaw.frames.length === 2, 3000, 'the raw sender sees its message too');
    });

    it('acks a re-send with the same message and delivers it once', async () => {
      const room = await createConversation(alice, [bob]);
      const [aliceSocket, bobSocket] = await Promise.all([
        connectSocket(server, { token: alice.tokens.access_token }),
        connectSocket(server, { token: bob.tokens.access_token }),
      ]);
      const events = record(bobSocket, 'message:new');
      const payload = { conversation_id: room.id, message_id: 'retry-me', content: 'once' };
      const first = await aliceSocket.emitWithAck('message:send', payload);
      const second = await aliceSocket.emitWithAck('message:send', payload);
      expect(second).toEqual(first);
      await pause(300);
      expect(events).toHaveLength(1);
      const conflict = await aliceSocket.emitWithAck('message:send', { ...payload, content: 'changed' });
      expect(conflict).toMatchObject({ ok: false, error: { status: 409, code: 'CONFLICT' } });
    });

    it('delivers 100 messages sent concurrently by two senders to a third member in strictly increasing seq', async () => {
      const room = await createConversation(alice, [bob, carol]);
      const [a, b, c] = await Promise.all([alice, bob, carol].map((u) => connectSocket(server, { token: u.tokens.access_token })));
      const seen = record(c, 'message:new');
      const acks = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          (i % 2 ? a : b).emitWithAck('message:send', { conversation_id: room.id, message_id: `burst-${i}`, content: `m${i}` }),
        ),
      );
      expect(acks.every((ack) => ack.ok)).toBe(true);
      await eventually(() => seen.length === 100, 5000, '100 deliveries');
      const seqs = seen.map((event) => event.message.seq);
      expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    });

    it('keeps one device’s messages in the order it sent them', async () => {
      const room = await createConversation(alice, [bob]);
      const socket = await connectSocket(server, { token: alice.tokens.access_token });
      const acks = await Promise.all(
        Array.from({ length: 30 }, (_, i) => socket.emitWithAck('message:send', { conversation_id: room.id, message_id: `order-${i}`, content: `${i}` })),
      );
      expect(acks.map((ack) => (ack.ok ? ack.message.seq : -1))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    });

    it('announces a new conversation to the devices of its members', async () => {
      const [bobSocket, carolSocket, outsiderSocket] = await Promise.all(
        [bob, carol, outsider].map((u) => connectSocket(server, { token: u.tokens.access_token })),
      );
      const [bobNew, carolNew, outsiderNew] = [bobSocket, carolSocket, outsiderSocket].map((s) => record(s, 'conversation:new'));
      const room = await createConversation(alice, [bob, carol]);
      await eventually(() => bobNew.length === 1 && carolNew.length === 1, 3000, 'conversation:new');
      expect(bobNew[0].conversation).toMatchObject({ id: room.id, is_group: true, last_read_seq: 0, unread_count: 0 });
      await pause(200);
      expect(outsiderNew).toHaveLength(0);
    });
  });

  describe('newcomers', () => {
    it('announces a sign-up once to every connected device of every user, as GET /users shows them, and nothing on /ws', async () => {
      // Everyone may list everyone, so nobody is an outsider here: Bob's two devices and Alice, who shares nothing with him.
      const devices = await Promise.all([bob, bob, alice].map((u) => connectSocket(server, { token: u.tokens.access_token })));
      const heard = devices.map((socket) => record(socket, 'user:new'));
      const raw = await openRaw(server, bob.tokens.access_token);
      const newcomer = await registerUser(server, 'newcomer', 'Nora Newcomer');
      await eventually(() => heard.every((events) => events.length >= 1), 3000, 'user:new on every device');
      await pause(200);
      expect(heard).toEqual([[{ user: newcomer.user }], [{ user: newcomer.user }], [{ user: newcomer.user }]]);
      expect(newcomer.user).toEqual({
        id: expect.any(String),
        username: newcomer.user.username,
        full_name: 'Nora Newcomer',
        deactivated: false,
        avatar_url: null,
      });
      expect(raw.frames).toEqual([]);
    });

    it('announces nothing for a sign-up refused as taken', async () => {
      const socket = await connectSocket(server, { token: alice.tokens.access_token });
      const heard = record(socket, 'user:new');
      await request(server.url).post('/auth/signup').send({ username: bob.user.username, password: 'another password' }).expect(409);
      const control = await registerUser(server, 'control');
      await eventually(() => heard.length >= 1, 3000, 'the control');
      await pause(200);
      expect(heard).toEqual([{ user: control.user }]);
    });
  });

  describe('error acks', () => {
    it('answers a non-member, a bad payload, an unknown conversation and extra arguments with problem codes', async () => {
      const room = await createConversation(alice, [bob]);
      const socket = await connectSocket(server, { token: outsider.tokens.access_token });
      const ask = (payload: unknown) => socket.emitWithAck('message:send', payload as never);
      expect(await ask({ conversation_id: room.id, message_id: 'x', content: 'hi' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', status: 403 } });
      expect(await ask({ conversation_id: room.id, message_id: 'x', content: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(await ask({ conversation_id: '00000000-0000-4000-8000-000000000000', message_id: 'x', content: 'hi' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect(await ask('a string')).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(await ask(null)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(await ask({ conversation_id: room.id, message_id: 'x', content: 'hi', sender_id: bob.user.id })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
      const history = await request(server.url).get(`/conversations/${room.id}/messages`).set('Authorization', alice.bearer);
      expect(history.body.messages).toEqual([]);
    });

    it('survives events without an ack callback and unknown events', async () => {
      const room = await createConversation(alice, [bob]);
      const socket = await connectSocket(server, { token: alice.tokens.access_token });
      // Untyped on purpose: what a careless or hostile client can emit.
      const untyped = socket as unknown as { emit(event: string, ...args: unknown[]): void };
      untyped.emit('message:send', { conversation_id: room.id, message_id: 'no-ack', content: 'fire and forget' });
      untyped.emit('no-such-event', { x: 1 });
      await pause(300);
      const ack = await socket.emitWithAck('message:send', { conversation_id: room.id, message_id: 'after', content: 'still here' });
      expect(ack).toMatchObject({ ok: true, message: { seq: 2 } });
    });
  });

  describe('sync', () => {
    it('gives a device that was away exactly the messages it missed, and the conversations it did not know', async () => {
      const room = await createConversation(alice, [bob]);
      const aliceSocket = await connectSocket(server, { token: alice.tokens.access_token });
      let bobSocket = await connectSocket(server, { token: bob.tokens.access_token });
      const live = record(bobSocket, 'message:new');
      await aliceSocket.emitWithAck('message:send', { conversation_id: room.id, message_id: 'before-1', content: 'seen live' });
      await eventually(() => live.length === 1, 3000, 'live delivery');
      bobSocket.close();
      for (let i = 0; i < 5; i++) await aliceSocket.emitWithAck('message:send', { conversation_id: room.id, message_id: `away-${i}`, content: `missed ${i}` });
      const newRoom = await createConversation(alice, [bob]);

      bobSocket = await connectSocket(server, { token: bob.tokens.access_token });
      const sync = await bobSocket.emitWithAck('sync', { conversations: [{ conversation_id: room.id, after_seq: live[0].message.seq }] });
      if (!sync.ok) throw new Error(JSON.stringify(sync.error));
      expect(sync.results).toHaveLength(1);
      expect(sync.results[0].messages.map((m: Message) => m.message_id)).toEqual(['away-0', 'away-1', 'away-2', 'away-3', 'away-4']);
      expect(sync.results[0].has_more).toBe(false);
      expect(sync.conversations.map((c) => c.id)).toContain(newRoom.id);
      expect(sync.conversations.map((c) => c.id)).not.toContain(room.id);
    });

    it('pages with has_more and leaves out conversations the caller is not in', async () => {
      const room = await createConversation(alice, [bob]);
      for (let i = 0; i < 130; i += 10) {
        await Promise.all(Array.from({ length: 10 }, (_, j) => restSend(alice, room.id, `bulk-${i + j}`)));
      }
      const socket = await connectSocket(server, { token: bob.tokens.access_token });
      const first = await socket.emitWithAck('sync', { conversations: [{ conversation_id: room.id, after_seq: 0 }] });
      if (!first.ok) throw new Error('sync failed');
      expect(first.results[0].messages).toHaveLength(100);
      expect(first.results[0].has_more).toBe(true);
      const second = await socket.emitWithAck('sync', { conversations: [{ conversation_id: room.id, after_seq: 100 }] });
      if (!second.ok) throw new Error('sync failed');
      expect(second.results[0].messages.map((m: Message) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => 101 + i));
      const foreign = await (await connectSocket(server, { token: outsider.tokens.access_token })).emitWithAck('sync', {
        conversations: [{ conversation_id: room.id, after_seq: 0 }],
      });
      expect(foreign).toMatchObject({ ok: true, results: [] });
      const bad = await socket.emitWithAck('sync', { conversations: [{ conversation_id: 'nope', after_seq: -1 }] });
      expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    });
  });

  describe('the raw WebSocket protocol at /ws', () => {
    it('closes with 1008 without a token or with a bad one', async () => {
      expect(await (await openRaw(server)).closed).toMatchObject({ code: 1008 });
      expect(await (await openRaw(server, 'bad-token')).closed).toMatchObject({ code: 1008 });
    });

    it('answers join with joined, and a foreign join, an unknown type and bad JSON with error frames, staying open', async () => {
      const room = await createConversation(alice, [bob]);
      const foreign = await createConversation(carol, [outsider]);
      const raw = await openRaw(server, alice.tokens.access_token);
      raw.send({ type: 'join', conversation_id: room.id });
      raw.send({ type: 'join', conversation_id: foreign.id });
      raw.send({ type: 'dance' });
      raw.send('{not json');
      raw.send({ type: 'message', conversation_id: foreign.id, message_id: 'sneak', content: 'hi' });
      await eventually(() => raw.frames.length === 5, 3000, `five replies (got ${JSON.stringify(raw.frames)})`);
      expect(raw.frames[0]).toEqual({ type: 'joined', conversation_id: room.id });
      for (const frame of raw.frames.slice(1)) expect(frame).toMatchObject({ type: 'error', reason: expect.any(String) });
      expect(raw.socket.readyState).toBe(raw.socket.OPEN);
    });

    it('refuses frames over 64 KiB', async () => {
      const raw = await openRaw(server, alice.tokens.access_token);
      raw.send('x'.repeat(65 * 1024));
      expect((await raw.closed).code).toBe(1009);
    });
  });

  it('disconnects a Socket.IO client that sends a frame over 64 KiB, and the server stays healthy', async () => {
    const socket = await connectSocket(server, { token: alice.tokens.access_token });
    const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
    socket.emit('message:send', { conversation_id: 'x', message_id: 'big', content: 'x'.repeat(70 * 1024) }, () => undefined);
    await disconnected;
    await request(server.url).get('/health').expect(200);
  });
});

describe('token expiry on open sockets', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { ACCESS_TOKEN_TTL: '2s' } });
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  it('disconnects the Socket.IO client and closes the raw socket with 1008 when the access token expires', async () => {
    const user = await registerUser(server, 'expiring');
    const socket = await connectSocket(server, { token: user.tokens.access_token });
    const raw = await openRaw(server, user.tokens.access_token);
    const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
    expect((await raw.closed).code).toBe(1008);
  });
});

describe('WebSocket handshakes from browsers of other origins', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { ALLOWED_ORIGINS: 'https://chat.example.com' } });
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  it('refuses a foreign Origin on Socket.IO and /ws, accepts the allowed one and clients without an Origin', async () => {
    const user = await registerUser(server, 'origin');
    const token = user.tokens.access_token;
    await expect(connectSocket(server, { token, headers: { Origin: 'https://evil.example' } })).rejects.toBeInstanceOf(Error);
    await expect(openRaw(server, token, { Origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    await connectSocket(server, { token, headers: { Origin: 'https://chat.example.com' } });
    await openRaw(server, token, { Origin: 'https://chat.example.com' });
    await connectSocket(server, { token });
  });
});
