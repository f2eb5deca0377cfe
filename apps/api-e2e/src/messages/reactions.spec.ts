import type { Ack, Conversation, Message, SyncResponse } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, openRaw, pause, record } from '../support/sockets';

/** SPEC 10.3 reactions over REST and Socket.IO, each a change on the feed (10.1), on the suite's database (E2E_DB). */
describe('reactions', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let room: Conversation;

  beforeAll(async () => {
    server = await startServer();
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => registerUser(server, name)));
    room = (
      await request(server.url)
        .post('/conversations')
        .set('Authorization', alice.bearer)
        .send({ member_ids: [bob.user.id, carol.user.id], is_group: true, title: 'reactions' })
        .expect(201)
    ).body;
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  const send = async (content = 'react to me'): Promise<Message> =>
    (
      await request(server.url)
        .post('/messages')
        .set('Authorization', alice.bearer)
        .send({ conversation_id: room.id, message_id: `m-${randomUUID()}`, content })
        .expect(201)
    ).body;
  const path = (message: { id: string }, emoji: string) => `/messages/${message.id}/reactions/${encodeURIComponent(emoji)}`;
  const react = (user: TestUser, message: { id: string }, emoji: string) =>
    request(server.url).put(path(message, emoji)).set('Authorization', user.bearer);
  const unreact = (user: TestUser, message: { id: string }, emoji: string) =>
    request(server.url).delete(path(message, emoji)).set('Authorization', user.bearer);
  const history = async (message: Message): Promise<Message> =>
    (
      await request(server.url)
        .get(`/conversations/${room.id}/messages?after_seq=${message.seq - 1}&limit=1`)
        .set('Authorization', carol.bearer)
        .expect(200)
    ).body.messages[0];

  it('starts every message with no reactions', async () => {
    expect(await send()).toMatchObject({ reactions: [] });
  });

  it('counts who reacted with what, in the order each emoji was first used, and takes a change_seq for each change', async () => {
    const sent = await send();
    await react(bob, sent, '👍').expect(200);
    await react(carol, sent, '🎉').expect(200);
    const third = (await react(carol, sent, '👍').expect(200)).body as Message;
    expect(third.reactions).toEqual([
      { emoji: '👍', count: 2, user_ids: [bob.user.id, carol.user.id] },
      { emoji: '🎉', count: 1, user_ids: [carol.user.id] },
    ]);
    expect(third.change_seq).toBe(sent.change_seq + 3);
    expect(await history(sent)).toEqual(third);
    const conversation = (await request(server.url).get(`/conversations/${room.id}`).set('Authorization', bob.bearer).expect(200)).body;
    expect(conversation).toMatchObject({ last_change_seq: third.change_seq, last_message: third });
  });

  it('is idempotent both ways: the same reaction again, or taking away one that is not there, changes nothing', async () => {
    const sent = await send();
    const once = (await react(bob, sent, '👍').expect(200)).body as Message;
    expect((await react(bob, sent, '👍').expect(200)).body).toEqual(once);
    expect((await unreact(carol, sent, '👍').expect(200)).body).toEqual(once);
    expect((await unreact(bob, sent, '🎉').expect(200)).body).toEqual(once);
    const gone = (await unreact(bob, sent, '👍').expect(200)).body as Message;
    expect(gone).toMatchObject({ reactions: [], change_seq: once.change_seq + 1 });
    expect((await unreact(bob, sent, '👍').expect(200)).body).toEqual(gone);
  });

  it('takes away only the caller’s own reaction, and an emoji nobody uses any more leaves the list', async () => {
    const sent = await send();
    await react(bob, sent, '🔥').expect(200);
    await react(carol, sent, '👀').expect(200);
    await react(carol, sent, '🔥').expect(200);
    const after = (await unreact(carol, sent, '👀').expect(200)).body as Message;
    expect(after.reactions).toEqual([{ emoji: '🔥', count: 2, user_ids: [bob.user.id, carol.user.id] }]);
  });

  it('takes one emoji as Unicode defines it — ZWJ sequences, flags, skin tones, keycaps — and gives it back exactly as sent', async () => {
    const sent = await send();
    const emoji = ['👨‍👩‍👧‍👦', '🇫🇷', '👍🏽', '1️⃣', '❤️', '❤', '🏳️‍🌈'];
    for (const one of emoji) await react(bob, sent, one).expect(200);
    expect((await history(sent)).reactions.map((reaction) => reaction.emoji)).toEqual(emoji);
  });

  it('refuses what is not one emoji with a 400 naming the emoji', async () => {
    const sent = await send();
    for (const bad of ['a', '👍👍', '👍' + '\u0301'.repeat(100), 'ok']) {
      const response = await react(bob, sent, bad);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'emoji' })]);
    }
    expect((await history(sent)).reactions).toEqual([]);
  });

  it('holds at most 20 different emoji on a message (409 beyond), while more people may still use those 20', async () => {
    const sent = await send();
    const twenty = ['😀', '😁', '😂', '🤣', '😃', '😄', '😅', '😆', '😉', '😊', '😋', '😎', '😍', '😘', '🥰', '😗', '😙', '🥲', '😚', '🙂'];
    for (const one of twenty) await react(bob, sent, one).expect(200);
    const refused = await react(bob, sent, '🤗');
    expectProblem(refused, 409, 'CONFLICT');
    expect(refused.body.detail).toContain('20');
    const more = (await react(carol, sent, '😀').expect(200)).body as Message;
    expect(more.reactions).toHaveLength(20);
    expect(more.reactions[0]).toMatchObject({ emoji: '😀', count: 2 });
  });

  it('takes none on a deleted message (409), and a deletion takes the reactions away', async () => {
    const sent = await send();
    await react(bob, sent, '👍').expect(200);
    await request(server.url).delete(`/messages/${sent.id}`).set('Authorization', alice.bearer).expect(204);
    expect(await history(sent)).toMatchObject({ content: '', reactions: [] });
    expectProblem(await react(bob, sent, '👍'), 409, 'CONFLICT');
    expect((await unreact(bob, sent, '👍').expect(200)).body).toMatchObject({ reactions: [] });
  });

  it('answers 404 for an unknown message and 403 for a message of a conversation the caller is not in', async () => {
    const outsider = await registerUser(server, 'outsider');
    expectProblem(await react(bob, { id: randomUUID() }, '👍'), 404, 'NOT_FOUND');
    const sent = await send();
    expectProblem(await react(outsider, sent, '👍'), 403, 'FORBIDDEN');
    expectProblem(await unreact(outsider, sent, '👍'), 403, 'FORBIDDEN');
  });

  it('goes out live as message:updated to every device of every member (and /ws), over Socket.IO acks too', async () => {
    const sent = await send();
    const [alicePhone, bobSocket, carolSocket] = await Promise.all(
      [alice, bob, carol].map((user) => connectSocket(server, { token: user.tokens.access_token })),
    );
    const raw = await openRaw(server, carol.tokens.access_token);
    raw.send({ type: 'join', conversation_id: room.id });
    await eventually(() => raw.frames.some((frame) => frame.type === 'joined'));
    const seen = [alicePhone, bobSocket, carolSocket].map((socket) => record(socket, 'message:updated'));
    const added: Ack<{ message: Message }> = await bobSocket.emitWithAck('reaction:add', { id: sent.id, emoji: '🚀' });
    expect(added).toMatchObject({ ok: true, message: { reactions: [{ emoji: '🚀', count: 1, user_ids: [bob.user.id] }] } });
    const removed: Ack<{ message: Message }> = await bobSocket.emitWithAck('reaction:remove', { id: sent.id, emoji: '🚀' });
    expect(removed).toMatchObject({ ok: true, message: { reactions: [] } });
    await eventually(() => seen.every((events) => events.length === 2), 5000, 'both changes on every member device');
    await eventually(() => raw.frames.filter((frame) => frame.type === 'message_updated').length === 2, 5000, 'both /ws frames');
    for (const events of seen) expect(events.map((event) => event.message.reactions.length)).toEqual([1, 0]);
    expect(await bobSocket.emitWithAck('reaction:add', { id: sent.id, emoji: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('reaches a device that was away through sync changes, with the reactions as they are now', async () => {
    const sent = await send();
    const cursor = (await request(server.url).get(`/conversations/${room.id}`).set('Authorization', carol.bearer).expect(200)).body;
    await react(bob, sent, '✅').expect(200);
    await react(alice, sent, '✅').expect(200);
    await pause(50);
    const socket = await connectSocket(server, { token: carol.tokens.access_token });
    const result: Ack<SyncResponse> = await socket.emitWithAck('sync', {
      conversations: [{ conversation_id: room.id, after_seq: cursor.last_seq, after_change_seq: cursor.last_change_seq }],
    });
    if (!result.ok) throw new Error(result.error.detail);
    expect(result.results[0].changes).toEqual([expect.objectContaining({ id: sent.id, reactions: [{ emoji: '✅', count: 2, user_ids: [bob.user.id, alice.user.id] }] })]);
  });

  it('keeps every reaction of many people reacting at once (none lost to a concurrent one)', async () => {
    const sent = await send();
    const people = await Promise.all(Array.from({ length: 6 }, (_, index) => registerUser(server, `crowd${index}`)));
    const group = (
      await request(server.url)
        .post('/conversations')
        .set('Authorization', alice.bearer)
        .send({ member_ids: people.map((person) => person.user.id), is_group: true, title: 'crowd' })
        .expect(201)
    ).body as Conversation;
    const target = (
      await request(server.url)
        .post('/messages')
        .set('Authorization', alice.bearer)
        .send({ conversation_id: group.id, message_id: `m-${randomUUID()}`, content: 'vote' })
        .expect(201)
    ).body as Message;
    await Promise.all(people.flatMap((person) => ['👍', '👎'].map((emoji) => react(person, target, emoji).expect(200))));
    const final = (await react(alice, target, '👍').expect(200)).body as Message;
    expect(final.reactions.map((reaction) => [reaction.emoji, reaction.count])).toEqual(expect.arrayContaining([['👍', 7], ['👎', 6]]));
    expect(final.change_seq).toBe(target.change_seq + 13);
    expect(sent.reactions).toEqual([]);
  });
});
