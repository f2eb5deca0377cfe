import type { Conversation, Message } from '@pneumatic/contracts';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

describe('conversations and messages over REST', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let outsider: TestUser;

  const as = (user: TestUser) => ({
    get: (path: string) => request(server.url).get(path).set('Authorization', user.bearer),
    post: (path: string, body: object) => request(server.url).post(path).set('Authorization', user.bearer).send(body),
  });
  const send = (user: TestUser, conversationId: string, messageId: string, content = `text of ${messageId}`) =>
    as(user).post('/messages', { conversation_id: conversationId, message_id: messageId, content });

  beforeAll(async () => {
    server = await startServer();
    [alice, bob, carol, outsider] = await Promise.all(['alice', 'bob', 'carol', 'out'].map((name) => registerUser(server, name)));
  });
  afterAll(() => server.dispose());

  describe('POST /conversations', () => {
    it('creates a 1-on-1 (201), then answers 200 with the same one for either member', async () => {
      const dave = await registerUser(server, 'dave');
      const created = await as(alice).post('/conversations', { member_ids: [dave.user.id] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        is_group: false,
        title: null,
        last_seq: 0,
        last_read_seq: 0,
        unread_count: 0,
        last_message: null,
      });
      expect([...created.body.members].sort()).toEqual([alice.user.id, dave.user.id].sort());
      const again = await as(dave).post('/conversations', { member_ids: [alice.user.id, dave.user.id] });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(created.body.id);
    });

    it('gives one id to ten simultaneous creations of one pair, from both sides', async () => {
      const [x, y] = await Promise.all([registerUser(server, 'x'), registerUser(server, 'y')]);
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          i % 2 ? as(x).post('/conversations', { member_ids: [y.user.id] }) : as(y).post('/conversations', { member_ids: [x.user.id] }),
        ),
      );
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 200)).toHaveLength(9);
      const list = await as(x).get('/conversations').expect(200);
      expect(list.body.conversations).toHaveLength(1);
    });

    it('creates a group of the caller and the listed members (201), with a title', async () => {
      const response = await as(alice).post('/conversations', { member_ids: [bob.user.id, carol.user.id], title: ' Trip ' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ is_group: true, title: 'Trip' });
      expect([...response.body.members].sort()).toEqual([alice.user.id, bob.user.id, carol.user.id].sort());
      const second = await as(alice).post('/conversations', { member_ids: [bob.user.id, carol.user.id], title: 'Trip' });
      expect(second.body.id).not.toBe(response.body.id);
    });

    it('makes a group of two when is_group is true', async () => {
      const response = await as(alice).post('/conversations', { member_ids: [bob.user.id], is_group: true });
      expect(response.status).toBe(201);
      expect(response.body.is_group).toBe(true);
    });

    it('answers 400 for unknown members and writes nothing', async () => {
      const before = (await as(alice).get('/conversations')).body.conversations.length;
      const response = await as(alice).post('/conversations', { member_ids: [bob.user.id, NO_SUCH_ID] });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.detail).toContain(NO_SUCH_ID);
      expect((await as(alice).get('/conversations')).body.conversations.length).toBe(before);
    });

    it.each([
      [
        'more than 256 members',
        { member_ids: Array.from({ length: 257 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) },
      ],
      ['a malformed id', { member_ids: ['not-a-uuid'] }],
      ['a braced id', { member_ids: ['{00000000-0000-4000-8000-000000000000}'] }],
      ['a string instead of a list', { member_ids: NO_SUCH_ID }],
      ['a missing member list', { title: 'x' }],
      ['a too long title', { member_ids: [], title: 't'.repeat(101) }],
      ['an unknown field', { member_ids: [], owner: 'me' }],
      ['is_group false with three members', { member_ids: ['b', 'c'], is_group: false }],
    ])('answers 400 for %s', async (_, body) => {
      const fixed = JSON.parse(JSON.stringify(body).replace('"b","c"', `"${bob.user.id}","${carol.user.id}"`));
      expectProblem(await as(alice).post('/conversations', fixed), 400, 'VALIDATION_FAILED');
    });

    it('answers 401 without a token', async () => {
      expectProblem(await request(server.url).post('/conversations').send({ member_ids: [] }), 401, 'UNAUTHORIZED');
    });
  });

  describe('GET /conversations and /conversations/{id}', () => {
    it('lists the caller’s conversations, most recent activity first, with unread counts', async () => {
      const [p, q] = await Promise.all([registerUser(server, 'p'), registerUser(server, 'q')]);
      const first = (await as(p).post('/conversations', { member_ids: [q.user.id] })).body as Conversation;
      const second = (await as(p).post('/conversations', { member_ids: [q.user.id], is_group: true, title: 'g' })).body as Conversation;
      await send(q, first.id, 'q-1').expect(201);
      await send(q, first.id, 'q-2').expect(201);
      const list = (await as(p).get('/conversations').expect(200)).body.conversations as Conversation[];
      expect(list.map((c) => c.id)).toEqual([first.id, second.id]);
      expect(list[0]).toMatchObject({ last_seq: 2, last_read_seq: 0, unread_count: 2, last_message: { seq: 2, message_id: 'q-2' } });
      const forSender = (await as(q).get('/conversations').expect(200)).body.conversations as Conversation[];
      expect(forSender[0]).toMatchObject({ last_read_seq: 2, unread_count: 0 });
    });

    it('answers one conversation to a member, 403 to a non-member, 404 when it does not exist, 400 for a bad id', async () => {
      const group = (await as(alice).post('/conversations', { member_ids: [bob.user.id], is_group: true })).body as Conversation;
      await as(bob).get(`/conversations/${group.id}`).expect(200);
      await as(bob).get(`/conversations/${group.id.toUpperCase()}`).expect(200);
      const forbidden = await as(outsider).get(`/conversations/${group.id}`);
      expectProblem(forbidden, 403, 'FORBIDDEN');
      expect(forbidden.body.detail).toBe('You are not a member of this conversation');
      expectProblem(await as(alice).get(`/conversations/${NO_SUCH_ID}`), 404, 'NOT_FOUND');
      expectProblem(await as(alice).get('/conversations/not-a-uuid'), 400, 'VALIDATION_FAILED');
      const outsiderList = (await as(outsider).get('/conversations')).body.conversations as Conversation[];
      expect(outsiderList.map((c) => c.id)).not.toContain(group.id);
    });
  });

  describe('POST /messages', () => {
    let room: Conversation;
    beforeAll(async () => {
      room = (await as(alice).post('/conversations', { member_ids: [bob.user.id, carol.user.id] })).body;
    });

    it('stores a message (201) with seq, times in ISO UTC with milliseconds, and the sender', async () => {
      const response = await send(alice, room.id, 'first', "<script>alert(1)</script> ' OR 1=1 --");
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        message_id: 'first',
        sender_id: alice.user.id,
        conversation_id: room.id,
        seq: expect.any(Number),
        change_seq: expect.any(Number),
        content: "<script>alert(1)</script> ' OR 1=1 --",
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        edited_at: null,
        deleted_at: null,
        reactions: [],
        reply_to: null,
        mentions: [],
        kind: 'user',
        system: null,
        attachments: [],
      });
    });

    it('answers a replay with the stored message (200), and the same key with other content with 409', async () => {
      const created = await send(bob, room.id, 'same-key', 'hello').expect(201);
      const replay = await send(bob, room.id, 'same-key', 'hello').expect(200);
      expect(replay.body).toEqual(created.body);
      expectProblem(await send(bob, room.id, 'same-key', 'changed'), 409, 'CONFLICT');
      // The key is scoped to its sender: Carol's "same-key" is another message.
      const carols = await send(carol, room.id, 'same-key', 'hello').expect(201);
      expect(carols.body.id).not.toBe(created.body.id);
      expect(carols.body.seq).toBe(created.body.seq + 1);
    });

    it('stores one message for twenty simultaneous replays of one key', async () => {
      const responses = await Promise.all(Array.from({ length: 20 }, () => send(alice, room.id, 'storm-key', 'once')));
      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 200)).toHaveLength(19);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      const history = (await as(alice).get(`/conversations/${room.id}/messages?limit=100`)).body.messages as Message[];
      expect(history.filter((m) => m.message_id === 'storm-key')).toHaveLength(1);
      const seqs = history.map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    });

    it('refuses non-members (403), unknown conversations (404), and a sender_id of someone else (403)', async () => {
      const before = (await as(alice).get(`/conversations/${room.id}`)).body.last_seq;
      expectProblem(await send(outsider, room.id, 'intruder'), 403, 'FORBIDDEN');
      expectProblem(await send(alice, NO_SUCH_ID, 'nowhere'), 404, 'NOT_FOUND');
      const spoof = await as(alice).post('/messages', {
        conversation_id: room.id,
        message_id: 'spoof',
        content: 'x',
        sender_id: bob.user.id,
      });
      expectProblem(spoof, 403, 'FORBIDDEN');
      expect(spoof.body.detail).toBe('sender_id must match authenticated user');
      await as(alice)
        .post('/messages', { conversation_id: room.id, message_id: 'self', content: 'x', sender_id: alice.user.id })
        .expect(201);
      expect((await as(alice).get(`/conversations/${room.id}`)).body.last_seq).toBe(before + 1);
    });

    it.each([
      ['empty content', { message_id: 'k1', content: '' }],
      ['white-space content', { message_id: 'k1', content: ' \n\u00a0\u200b' }],
      ['content over 4000 characters', { message_id: 'k1', content: 'x'.repeat(4001) }],
      ['a NUL in the content', { message_id: 'k1', content: 'a\u0000b' }],
      ['a lone surrogate in the content', { message_id: 'k1', content: 'a\udc00b' }],
      ['a message_id with a space', { message_id: 'has space', content: 'x' }],
      ['a message_id over 64 characters', { message_id: 'k'.repeat(65), content: 'x' }],
      ['a numeric content', { message_id: 'k1', content: 42 }],
      ['a null message_id', { message_id: null, content: 'x' }],
      ['an extra seq field', { message_id: 'k1', content: 'x', seq: 1 }],
      ['a bad conversation id', { message_id: 'k1', content: 'x', conversation_id: 'nope' }],
    ])('answers 400 for %s and stores nothing', async (_, body) => {
      const before = (await as(alice).get(`/conversations/${room.id}`)).body.last_seq;
      expectProblem(await as(alice).post('/messages', { conversation_id: room.id, ...body }), 400, 'VALIDATION_FAILED');
      expect((await as(alice).get(`/conversations/${room.id}`)).body.last_seq).toBe(before);
    });

    it('accepts 4000 astral characters (limits count code points)', async () => {
      await send(alice, room.id, 'emoji', '😀'.repeat(4000)).expect(201);
    });
  });

  describe('GET /conversations/{id}/messages', () => {
    let room: Conversation;
    const TOTAL = 250;

    beforeAll(async () => {
      room = (await as(alice).post('/conversations', { member_ids: [bob.user.id], is_group: true })).body;
      for (let i = 1; i <= TOTAL; i += 25) {
        await Promise.all(Array.from({ length: 25 }, (_, j) => send(j % 2 ? alice : bob, room.id, `page-${i + j}`)));
      }
    });

    it('pages back with before_seq and forward with after_seq, each message exactly once, in ascending seq', async () => {
      const backwards: number[] = [];
      let page = (await as(bob).get(`/conversations/${room.id}/messages?limit=40`).expect(200)).body;
      backwards.unshift(...page.messages.map((m: Message) => m.seq));
      while (page.has_more) {
        page = (await as(bob).get(`/conversations/${room.id}/messages?limit=40&before_seq=${backwards[0]}`).expect(200)).body;
        backwards.unshift(...page.messages.map((m: Message) => m.seq));
      }
      expect(backwards).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));

      const forwards: number[] = [];
      let after = 0;
      for (;;) {
        const next = (await as(alice).get(`/conversations/${room.id}/messages?limit=33&after_seq=${after}`).expect(200)).body;
        forwards.push(...next.messages.map((m: Message) => m.seq));
        if (!next.has_more) break;
        after = forwards[forwards.length - 1];
      }
      expect(forwards).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    });

    it('gives the newest 50 by default', async () => {
      const page = (await as(alice).get(`/conversations/${room.id}/messages`).expect(200)).body;
      expect(page.messages.map((m: Message) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => TOTAL - 49 + i));
      expect(page.has_more).toBe(true);
    });

    it('answers 403 "You are not a member of this conversation" to outsiders and 404 for unknown ids', async () => {
      const forbidden = await as(outsider).get(`/conversations/${room.id}/messages`);
      expectProblem(forbidden, 403, 'FORBIDDEN');
      expect(forbidden.body.detail).toBe('You are not a member of this conversation');
      expectProblem(await as(alice).get(`/conversations/${NO_SUCH_ID}/messages`), 404, 'NOT_FOUND');
    });

    it.each([
      'limit=0',
      'limit=101',
      'limit=-1',
      'limit=abc',
      'before_seq=-1',
      'after_seq=1.5',
      'before_seq=1&after_seq=2',
      'limit=1&limit=2',
      'after_seq[$gt]=0',
    ])('answers 400 for %s', async (query) => {
      expectProblem(await as(alice).get(`/conversations/${room.id}/messages?${query}`), 400, 'VALIDATION_FAILED');
    });
  });

  it('gives seq exactly 1..200 to 200 messages sent at once by 4 members of a group', async () => {
    const members = [alice, bob, carol, await registerUser(server, 'dan')];
    const group = (await as(alice).post('/conversations', { member_ids: members.slice(1).map((m) => m.user.id) })).body as Conversation;
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => send(members[i % 4], group.id, `burst-${i}`)));
    expect(responses.filter((r) => r.status !== 201).map((r) => [r.status, r.body])).toEqual([]);
    expect(responses.map((r) => r.body.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const history: Message[] = [];
    let page = (await as(bob).get(`/conversations/${group.id}/messages?limit=100&after_seq=0`)).body;
    history.push(...page.messages);
    page = (await as(bob).get(`/conversations/${group.id}/messages?limit=100&after_seq=100`)).body;
    history.push(...page.messages);
    expect(history.map((m) => m.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(page.has_more).toBe(false);
  });
});
