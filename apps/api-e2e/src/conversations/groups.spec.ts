import type { Conversation, Message, SyncResponse } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem, registerUser, TestUser, uniqueUsername } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { ChatClient, closeAllSockets, connectSocket, eventually, openRaw, pause, RawClient } from '../support/sockets';

/**
 * Groups that people manage (SPEC 10.4), on the suite's database (SQLite, or PostgreSQL with E2E_DB=postgres): roles,
 * adding, removing, leaving, role changes and renaming with their status codes; the system messages that record each
 * change; delivery that follows membership at once; and the races between admins.
 */
describe('groups that people manage', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    server = await startServer();
    [alice, bob, carol, dave, outsider] = await Promise.all(['alice', 'bob', 'carol', 'dave', 'out'].map((n) => registerUser(server, n)));
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  const as = (user: TestUser) => ({
    get: (path: string) => request(server.url).get(path).set('Authorization', user.bearer),
    post: (path: string, body: object) => request(server.url).post(path).set('Authorization', user.bearer).send(body),
    put: (path: string, body: object) => request(server.url).put(path).set('Authorization', user.bearer).send(body),
    patch: (path: string, body: object) => request(server.url).patch(path).set('Authorization', user.bearer).send(body),
    delete: (path: string) => request(server.url).delete(path).set('Authorization', user.bearer),
  });
  const group = async (owner: TestUser, others: TestUser[], title: string | null = 'Team'): Promise<Conversation> =>
    (
      await as(owner)
        .post('/conversations', { title, member_ids: others.map((o) => o.user.id), is_group: true })
        .expect(201)
    ).body;
  const add = (actor: TestUser, room: Conversation, users: (TestUser | string)[]) =>
    as(actor).post(`/conversations/${room.id}/members`, { user_ids: users.map((u) => (typeof u === 'string' ? u : u.user.id)) });
  const remove = (actor: TestUser, room: Conversation, user: TestUser) =>
    as(actor).delete(`/conversations/${room.id}/members/${user.user.id}`);
  const setRole = (actor: TestUser, room: Conversation, user: TestUser, role: string) =>
    as(actor).put(`/conversations/${room.id}/members/${user.user.id}`, { role });
  const rename = (actor: TestUser, room: Conversation, title: string | null) => as(actor).patch(`/conversations/${room.id}`, { title });
  const view = async (user: TestUser, room: Conversation): Promise<Conversation> =>
    (await as(user).get(`/conversations/${room.id}`).expect(200)).body;
  const history = async (user: TestUser, room: Conversation): Promise<Message[]> =>
    (await as(user).get(`/conversations/${room.id}/messages?limit=100`).expect(200)).body.messages;
  const send = (user: TestUser, room: Conversation, content: string) =>
    as(user).post('/messages', { conversation_id: room.id, message_id: `m-${randomUUID()}`, content });
  /** Members who joined at the same moment (with the group) are listed in the order of their ids. */
  const byId = (...users: TestUser[]) => users.map((u) => u.user.id).sort();
  const socketOf = (user: TestUser) => connectSocket(server, { token: user.tokens.access_token });
  const secondDevice = async (user: TestUser): Promise<TestUser> => {
    const login = await request(server.url).post('/auth/login').send({ username: user.user.username, password: user.password }).expect(200);
    return { ...user, tokens: login.body, bearer: `Bearer ${login.body.access_token}` };
  };
  /** Every event a socket receives, in order, as [name, payload] — but presence and sign-ups, which concern no one conversation. */
  const allEvents = (socket: ChatClient) => {
    const events: [string, unknown][] = [];
    socket.onAny((name: string, payload: unknown) => {
      if (name !== 'presence' && name !== 'user:new') events.push([name, payload]);
    });
    return events;
  };
  /** Nothing changed: the same members, admins, title and seq as before. */
  const expectUnchanged = async (room: Conversation, before: Conversation) => {
    const now = await view(alice, room);
    expect({ members: now.members, admins: now.admins, title: now.title, last_seq: now.last_seq }).toEqual({
      members: before.members,
      admins: before.admins,
      title: before.title,
      last_seq: before.last_seq,
    });
  };

  describe('roles', () => {
    it('makes the creator of a group its first and only admin, appends no system message, and gives a 1-on-1 no admins', async () => {
      const room = await group(alice, [bob, carol]);
      expect(room).toMatchObject({ admins: [alice.user.id], last_seq: 0, last_message: null });
      expect((await view(bob, room)).admins).toEqual([alice.user.id]);
      const direct: Conversation = (await as(alice).post('/conversations', { member_ids: [dave.user.id] })).body;
      expect(direct.admins).toEqual([]);
    });
  });

  describe('POST /conversations/{id}/members', () => {
    it('adds people (200): a system message for everyone, conversation:new then every message for the added', async () => {
      const room = await group(alice, [bob]);
      await send(bob, room, 'before carol').expect(201);
      const [carolSocket, bobSocket] = await Promise.all([socketOf(carol), socketOf(bob)]);
      const carolEvents = allEvents(carolSocket);
      const bobEvents = allEvents(bobSocket);

      const response = await add(alice, room, [carol, bob]).expect(200);
      expect(response.body).toMatchObject({ id: room.id, members: [...byId(alice, bob), carol.user.id], admins: [alice.user.id] });

      const expectedSystem = {
        seq: 2,
        kind: 'system',
        sender_id: alice.user.id,
        content: `${alice.user.username} added ${carol.user.username}`,
        system: { type: 'member_added', actor_id: alice.user.id, user_ids: [carol.user.id], title: null },
        edited_at: null,
        deleted_at: null,
      };
      await eventually(() => carolEvents.length >= 2, 3000, 'carol hears of the group');
      expect(carolEvents.map(([name]) => name)).toEqual(['conversation:new', 'message:new']);
      const announced = (carolEvents[0][1] as { conversation: Conversation }).conversation;
      // Carol starts with the history before her read: the system message is her one unread.
      expect(announced).toMatchObject({ id: room.id, last_seq: 2, last_read_seq: 1, unread_count: 1, admins: [alice.user.id] });
      expect((carolEvents[1][1] as { message: Message }).message).toMatchObject(expectedSystem);
      await eventually(() => bobEvents.length >= 2, 3000, 'bob hears of the change');
      expect(bobEvents.map(([name]) => name)).toEqual(['message:new', 'conversation:updated']);
      expect((bobEvents[1][1] as { conversation: Conversation }).conversation.members).toContain(carol.user.id);

      // The history, the changes feed and sync hold the system message like any message; carol reads all of it.
      const carolHistory = await history(carol, room);
      expect(carolHistory.map((m) => m.content)).toEqual(['before carol', expectedSystem.content]);
      expect(carolHistory[1]).toMatchObject(expectedSystem);
      const changes = (await as(bob).get(`/conversations/${room.id}/changes?after_change_seq=1`).expect(200)).body.messages as Message[];
      expect(changes).toEqual([expect.objectContaining(expectedSystem)]);
      const synced = (await carolSocket.emitWithAck('sync', {
        conversations: [{ conversation_id: room.id, after_seq: 1 }],
      })) as SyncResponse & { ok: true };
      expect(synced.results[0].messages).toEqual([expect.objectContaining(expectedSystem)]);

      // And every message after it.
      await send(bob, room, 'welcome carol').expect(201);
      await eventually(() => carolEvents.length === 3, 3000, 'the next message');
      expect(carolEvents[2]).toEqual([
        'message:new',
        { message: expect.objectContaining({ content: 'welcome carol', kind: 'user', system: null }) },
      ]);
    });

    it('ignores people already in: 200 with nothing appended and nobody told', async () => {
      const bobEvents = allEvents(await socketOf(bob));
      const room = await group(alice, [bob]);
      // The group's own announcement comes first (after the answer to its creation): then nothing more.
      await eventually(() => bobEvents.length === 1, 3000, 'the new group');
      const response = await add(alice, room, [bob, alice]).expect(200);
      expect(response.body).toMatchObject({ members: byId(alice, bob), last_seq: 0 });
      await pause(200);
      expect(bobEvents.map(([name]) => name)).toEqual(['conversation:new']);
    });

    it('refuses unknown and malformed ids (400 naming them), a 1-on-1 (400), non-admins (403), outsiders (403), unknown groups (404)', async () => {
      const room = await group(alice, [bob]);
      const before = await view(alice, room);
      const unknown = randomUUID();
      const refusedUnknown = await add(alice, room, [carol, unknown]);
      expectProblem(refusedUnknown, 400, 'VALIDATION_FAILED');
      expect(refusedUnknown.body.detail).toContain(unknown);
      const malformed = await add(alice, room, [carol, 'not-a-uuid']);
      expectProblem(malformed, 400, 'VALIDATION_FAILED');
      expect(malformed.body.detail).toContain('not-a-uuid');
      expectProblem(await as(alice).post(`/conversations/${room.id}/members`, { user_ids: [] }), 400, 'VALIDATION_FAILED');
      expectProblem(await as(alice).post(`/conversations/${room.id}/members`, {}), 400, 'VALIDATION_FAILED');
      const nonAdmin = await add(bob, room, [carol]);
      expectProblem(nonAdmin, 403, 'FORBIDDEN');
      expect(nonAdmin.body.detail).toBe('Only an admin of the group can add members');
      expectProblem(await add(outsider, room, [carol]), 403, 'FORBIDDEN');
      expectProblem(await as(alice).post(`/conversations/${randomUUID()}/members`, { user_ids: [carol.user.id] }), 404, 'NOT_FOUND');
      await expectUnchanged(room, before);

      const direct: Conversation = (await as(bob).post('/conversations', { member_ids: [carol.user.id] })).body;
      const oneOnOne = await add(bob, direct, [dave]);
      expectProblem(oneOnOne, 400, 'VALIDATION_FAILED');
      expect((await view(bob, direct)).members).toHaveLength(2);
    });
  });

  describe('DELETE /conversations/{id}/members/{user_id}', () => {
    it('removes a member (204): every device of theirs is told at once, on both transports, and then hears nothing and reads nothing', async () => {
      const room = await group(alice, [bob, carol]);
      const bobLaptop = await secondDevice(bob);
      const [phone, laptop, carolSocket] = await Promise.all([socketOf(bob), socketOf(bobLaptop), socketOf(carol)]);
      const raw: RawClient = await openRaw(server, bob.tokens.access_token);
      const [phoneEvents, laptopEvents, carolEvents] = [phone, laptop, carolSocket].map(allEvents);
      await send(alice, room, 'before the removal').expect(201);
      await eventually(() => phoneEvents.length === 1 && laptopEvents.length === 1 && raw.frames.length === 1, 3000, 'the first message');

      await remove(alice, room, bob).expect(204);
      for (const events of [phoneEvents, laptopEvents]) {
        await eventually(() => events.length === 2, 3000, 'conversation:removed');
        expect(events[1]).toEqual(['conversation:removed', { conversation_id: room.id }]);
      }
      await eventually(() => raw.frames.length === 2, 3000, 'the /ws frame');
      expect(raw.frames[1]).toEqual({ type: 'conversation_removed', conversation_id: room.id });
      await eventually(() => carolEvents.length === 3, 3000, 'carol hears of it');
      expect(carolEvents[1]).toEqual([
        'message:new',
        {
          message: expect.objectContaining({
            kind: 'system',
            content: `${alice.user.username} removed ${bob.user.username}`,
            system: { type: 'member_removed', actor_id: alice.user.id, user_ids: [bob.user.id], title: null },
          }),
        },
      ]);
      expect(carolEvents[2][0]).toBe('conversation:updated');

      // Nothing afterwards, on any transport: a message, a typing signal, a read marker.
      await send(alice, room, 'after the removal').expect(201);
      await carolSocket.emitWithAck('typing', { conversation_id: room.id, typing: true });
      await carolSocket.emitWithAck('read', { conversation_id: room.id, seq: 3 });
      await eventually(() => carolEvents.some(([, p]) => JSON.stringify(p).includes('after the removal')), 3000, 'the next message');
      await pause(300);
      expect(phoneEvents).toHaveLength(2);
      expect(laptopEvents).toHaveLength(2);
      expect(raw.frames).toHaveLength(2);

      // And 403 on every route of the conversation.
      for (const path of ['', '/messages', '/changes'])
        expectProblem(await as(bob).get(`/conversations/${room.id}${path}`), 403, 'FORBIDDEN');
      expectProblem(await as(bob).post(`/conversations/${room.id}/read`, { seq: 1 }), 403, 'FORBIDDEN');
      expectProblem(await send(bob, room, 'let me back'), 403, 'FORBIDDEN');
      expectProblem(await remove(bob, room, bob), 403, 'FORBIDDEN');
      const ack = await phone.emitWithAck('message:send', { conversation_id: room.id, message_id: `m-${randomUUID()}`, content: 'hello?' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      raw.send({ type: 'message', conversation_id: room.id, message_id: `m-${randomUUID()}`, content: 'hello?' });
      raw.send({ type: 'join', conversation_id: room.id });
      await eventually(() => raw.frames.length === 4, 3000, 'two refusals');
      expect(raw.frames.slice(2)).toEqual([
        expect.objectContaining({ type: 'error', code: 'FORBIDDEN' }),
        expect.objectContaining({ type: 'error', code: 'FORBIDDEN' }),
      ]);
      const synced = (await phone.emitWithAck('sync', { conversations: [{ conversation_id: room.id, after_seq: 0 }] })) as SyncResponse & {
        ok: true;
      };
      expect(synced).toMatchObject({ results: [], removed: [room.id] });
      expect((await history(carol, room)).map((m) => m.content)).not.toContain('let me back');
    });

    it('a typing indicator that turns itself off after a removal does not reach the removed member', async () => {
      const room = await group(alice, [bob, carol]);
      const [bobSocket, carolSocket] = await Promise.all([socketOf(bob), socketOf(carol)]);
      const bobEvents = allEvents(bobSocket);
      await carolSocket.emitWithAck('typing', { conversation_id: room.id, typing: true });
      await eventually(() => bobEvents.length === 1, 3000, 'typing');
      await remove(alice, room, bob).expect(204);
      // The indicator expires 5 s after the last refresh: to the members as they are then.
      await pause(6000);
      expect(bobEvents).toEqual([
        ['typing', { conversation_id: room.id, user_id: carol.user.id, typing: true }],
        ['conversation:removed', { conversation_id: room.id }],
      ]);
    });

    it('lets anyone leave (204, member_left), refuses non-admins removing others (403), non-members (404) and a 1-on-1 (400)', async () => {
      const room = await group(alice, [bob, carol]);
      const before = await view(alice, room);
      const refused = await remove(bob, room, carol);
      expectProblem(refused, 403, 'FORBIDDEN');
      expect(refused.body.detail).toBe('Only an admin of the group can remove members');
      expectProblem(await remove(alice, room, dave), 404, 'NOT_FOUND');
      expectProblem(await remove(outsider, room, outsider), 403, 'FORBIDDEN');
      await expectUnchanged(room, before);

      await remove(carol, room, carol).expect(204);
      const [left] = (await history(alice, room)).slice(-1);
      expect(left).toMatchObject({
        kind: 'system',
        sender_id: carol.user.id,
        content: `${carol.user.username} left`,
        system: { type: 'member_left', actor_id: carol.user.id, user_ids: [carol.user.id], title: null },
      });
      expect((await view(alice, room)).members).toEqual(byId(alice, bob));

      const direct: Conversation = (await as(carol).post('/conversations', { member_ids: [dave.user.id] })).body;
      expectProblem(await remove(carol, direct, carol), 400, 'VALIDATION_FAILED');
      expect((await view(carol, direct)).members).toHaveLength(2);
    });

    it('makes the longest-standing member an admin when the last admin leaves', async () => {
      const room = await group(alice, [bob]);
      await add(alice, room, [carol]).expect(200);
      await remove(alice, room, alice).expect(204);
      // bob joined with the group, carol later: bob is the longest-standing.
      expect((await view(bob, room)).admins).toEqual([bob.user.id]);
      const last = (await history(bob, room)).slice(-2);
      expect(last.map((m) => [m.system?.type, m.content])).toEqual([
        ['member_left', `${alice.user.username} left`],
        ['role_changed', `${bob.user.username} is now an admin`],
      ]);
      expect(last[1].system).toEqual({ type: 'role_changed', actor_id: alice.user.id, user_ids: [bob.user.id], title: null });
    });

    it('lets a removed member be added again: conversation:new once more', async () => {
      const room = await group(alice, [bob, carol]);
      await remove(alice, room, carol).expect(204);
      const carolEvents = allEvents(await socketOf(carol));
      await add(alice, room, [carol]).expect(200);
      await eventually(() => carolEvents.length === 2, 3000, 'the group again');
      expect(carolEvents.map(([name]) => name)).toEqual(['conversation:new', 'message:new']);
      expect((await history(carol, room)).length).toBe(2);
    });
  });

  describe('PUT /conversations/{id}/members/{user_id}', () => {
    it('makes a member an admin and back (200, role_changed); the same role changes nothing', async () => {
      const room = await group(alice, [bob]);
      const promoted = await setRole(alice, room, bob, 'admin').expect(200);
      expect(promoted.body.admins).toEqual(byId(alice, bob));
      await setRole(alice, room, bob, 'admin').expect(200);
      await setRole(bob, room, alice, 'member').expect(200);
      await setRole(bob, room, bob, 'member').then((r) => expectProblem(r, 409, 'CONFLICT'));
      expect((await view(alice, room)).admins).toEqual([bob.user.id]);
      expect((await history(alice, room)).map((m) => m.content)).toEqual([
        `${alice.user.username} made ${bob.user.username} an admin`,
        `${bob.user.username} removed ${alice.user.username} as an admin`,
      ]);
    });

    it('refuses the last admin demoting themself (409), non-admins (403), non-members (404), bad roles (400), 1-on-1s (400)', async () => {
      const room = await group(alice, [bob]);
      const before = await view(alice, room);
      const last = await setRole(alice, room, alice, 'member');
      expectProblem(last, 409, 'CONFLICT');
      expect(last.body.detail).toContain('only admin');
      expectProblem(await setRole(bob, room, bob, 'admin'), 403, 'FORBIDDEN');
      expectProblem(await setRole(alice, room, carol, 'admin'), 404, 'NOT_FOUND');
      expectProblem(await setRole(alice, room, bob, 'owner'), 400, 'VALIDATION_FAILED');
      expectProblem(await setRole(outsider, room, bob, 'admin'), 403, 'FORBIDDEN');
      await expectUnchanged(room, before);
      const direct: Conversation = (await as(alice).post('/conversations', { member_ids: [carol.user.id] })).body;
      expectProblem(await setRole(alice, direct, carol, 'admin'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('PATCH /conversations/{id}', () => {
    it('renames a group (200, renamed) for every member; null clears the title; the same title changes nothing', async () => {
      const room = await group(alice, [bob]);
      const bobEvents = allEvents(await socketOf(bob));
      const renamed = await rename(alice, room, '  Weekend trip ').expect(200);
      expect(renamed.body.title).toBe('Weekend trip');
      await eventually(() => bobEvents.length === 2, 3000, 'the rename');
      expect(bobEvents[0][1]).toMatchObject({
        message: { kind: 'system', system: { type: 'renamed', title: 'Weekend trip', user_ids: [] } },
      });
      expect(bobEvents[1]).toEqual([
        'conversation:updated',
        { conversation: expect.objectContaining({ id: room.id, title: 'Weekend trip' }) },
      ]);
      await rename(alice, room, 'Weekend trip').expect(200);
      expect((await rename(alice, room, null).expect(200)).body.title).toBeNull();
      expect((await history(bob, room)).map((m) => m.content)).toEqual([
        `${alice.user.username} renamed the group to “Weekend trip”`,
        `${alice.user.username} removed the group name`,
      ]);
    });

    it('refuses non-admins (403), 1-on-1s (400), bad titles (400) and outsiders (403)', async () => {
      const room = await group(alice, [bob]);
      const before = await view(alice, room);
      expectProblem(await rename(bob, room, 'Mine'), 403, 'FORBIDDEN');
      expectProblem(await rename(outsider, room, 'Mine'), 403, 'FORBIDDEN');
      expectProblem(await rename(alice, room, 'x'.repeat(101)), 400, 'VALIDATION_FAILED');
      expectProblem(await as(alice).patch(`/conversations/${room.id}`, {}), 400, 'VALIDATION_FAILED');
      expectProblem(await as(alice).patch(`/conversations/${room.id}`, { title: 7 }), 400, 'VALIDATION_FAILED');
      await expectUnchanged(room, before);
      const direct: Conversation = (await as(alice).post('/conversations', { member_ids: [dave.user.id] })).body;
      expectProblem(await rename(alice, direct, 'Us'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('system messages', () => {
    it('are never edited, deleted or reacted to (409), by REST or Socket.IO, not even by their actor; admins delete user messages', async () => {
      const room = await group(alice, [bob]);
      await rename(alice, room, 'Named').expect(200);
      const [system] = await history(alice, room);
      expectProblem(await as(alice).patch(`/messages/${system.id}`, { content: 'changed' }), 409, 'CONFLICT');
      expectProblem(await as(alice).delete(`/messages/${system.id}`), 409, 'CONFLICT');
      const socket = await socketOf(alice);
      expect(await socket.emitWithAck('message:edit', { id: system.id, content: 'changed' })).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT' },
      });
      expect(await socket.emitWithAck('message:delete', { id: system.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expectProblem(await as(bob).put(`/messages/${system.id}/reactions/${encodeURIComponent('👍')}`, {}), 409, 'CONFLICT');
      expect(await socket.emitWithAck('reaction:add', { id: system.id, emoji: '👍' })).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT' },
      });
      expect((await history(bob, room))[0]).toEqual(system);
      // Nor found by search (SPEC 10.5: never a system message), though its words are there.
      expect((await as(alice).get(`/search/messages?q=renamed&conversation_id=${room.id}`).expect(200)).body.results).toEqual([]);

      const bobs: Message = (await send(bob, room, 'rude words').expect(201)).body;
      await as(alice).delete(`/messages/${bobs.id}`).expect(204);
      expect((await history(bob, room))[1]).toMatchObject({ id: bobs.id, content: '', deleted_at: expect.any(String) });
      const alices: Message = (await send(alice, room, 'mine').expect(201)).body;
      expectProblem(await as(bob).delete(`/messages/${alices.id}`), 403, 'FORBIDDEN');
    });
  });

  describe('races', () => {
    it('two admins removing each other at once: exactly one succeeds, and the group keeps an admin', async () => {
      for (let round = 0; round < 3; round++) {
        const room = await group(alice, [bob, carol]);
        await setRole(alice, room, bob, 'admin').expect(200);
        const [a, b] = await Promise.all([remove(alice, room, bob), remove(bob, room, alice)]);
        expect([a.status, b.status].sort()).toEqual([204, 403]);
        const survivor = a.status === 204 ? alice : bob;
        const after = await view(survivor, room);
        expect(after.admins).toEqual([survivor.user.id]);
        expect(after.members).toHaveLength(2);
      }
    });

    it('the last two admins leaving at once: the member left becomes the admin', async () => {
      const room = await group(alice, [bob, carol]);
      await setRole(alice, room, bob, 'admin').expect(200);
      const answers = await Promise.all([remove(alice, room, alice), remove(bob, room, bob)]);
      expect(answers.map((r) => r.status)).toEqual([204, 204]);
      expect(await view(carol, room)).toMatchObject({ members: [carol.user.id], admins: [carol.user.id] });
    });

    it('concurrent adds past 256 members: the one that would pass the limit is refused whole', async () => {
      const fillers = await signUpMany(254);
      const room = await group(alice, [bob]);
      await add(alice, room, fillers.slice(0, 250)).expect(200);
      // 252 members; each add of 4 fits alone, both together would make 260.
      const extra = (await registerUser(server, 'extra')).user.id;
      // The second also names a filler already in: ignored, it does not count.
      const [first, second] = await Promise.all([
        add(alice, room, fillers.slice(250, 254)),
        add(alice, room, [carol, dave, outsider, extra, fillers[0]]),
      ]);
      const statuses = [first.status, second.status].sort();
      expect(statuses).toEqual([200, 400]);
      const refused = first.status === 400 ? first : second;
      expect(refused.body.detail).toContain('at most 256 members');
      const after = await view(alice, room);
      expect(after.members).toHaveLength(256);
      expectProblem(await add(alice, room, [(await registerUser(server, 'late')).user.id]), 400, 'VALIDATION_FAILED');
    });
  });

  /** Users who only need to exist (sign-up alone, a few at a time). */
  async function signUpMany(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 8) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(8, count - i) }, () =>
          request(server.url)
            .post('/auth/signup')
            .send({ username: uniqueUsername('filler'), password: 'long-enough-password' })
            .expect(201),
        ),
      );
      ids.push(...batch.map((response) => response.body.id as string));
    }
    return ids;
  }
});
