import type { Ack, Conversation, Message } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, pause, record } from '../support/sockets';

/** SPEC 10.3 replies over REST and Socket.IO, on the suite's database (E2E_DB). */
describe('replies', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let room: Conversation;
  let otherRoom: Conversation;

  beforeAll(async () => {
    server = await startServer();
    [alice, bob] = await Promise.all(['alice', 'bob'].map((name) => registerUser(server, name)));
    const open = async (title: string) =>
      (
        await request(server.url)
          .post('/conversations')
          .set('Authorization', alice.bearer)
          .send({ member_ids: [bob.user.id], is_group: true, title })
          .expect(201)
      ).body as Conversation;
    [room, otherRoom] = [await open('replies'), await open('elsewhere')];
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  const send = (user: TestUser, content: string, extra: Record<string, unknown> = {}, conversation = room) =>
    request(server.url)
      .post('/messages')
      .set('Authorization', user.bearer)
      .send({ conversation_id: conversation.id, message_id: `m-${randomUUID()}`, content, ...extra });
  const history = async (message: Message): Promise<Message> =>
    (
      await request(server.url)
        .get(`/conversations/${room.id}/messages?after_seq=${message.seq - 1}&limit=1`)
        .set('Authorization', bob.bearer)
        .expect(200)
    ).body.messages[0];

  it('names the message it answers, with a preview built from it: everywhere a message appears', async () => {
    const original = (await send(alice, 'Shall we meet at ten?').expect(201)).body as Message;
    expect(original.reply_to).toBeNull();
    const reply = (await send(bob, 'Ten is fine', { reply_to_id: original.id }).expect(201)).body as Message;
    const preview = { id: original.id, seq: original.seq, sender_id: alice.user.id, excerpt: 'Shall we meet at ten?', deleted: false };
    expect(reply.reply_to).toEqual(preview);
    expect(await history(reply)).toEqual(reply);
    const conversation = (await request(server.url).get(`/conversations/${room.id}`).set('Authorization', alice.bearer).expect(200)).body;
    expect(conversation.last_message).toEqual(reply);
  });

  it('shows the first 200 code points of a long original, never half a character', async () => {
    const original = (await send(alice, '😀'.repeat(150) + 'x'.repeat(100)).expect(201)).body as Message;
    const reply = (await send(bob, 'long one', { reply_to_id: original.id }).expect(201)).body as Message;
    expect(Array.from(reply.reply_to?.excerpt ?? '')).toHaveLength(200);
    expect(reply.reply_to?.excerpt).toBe('😀'.repeat(150) + 'x'.repeat(50));
  });

  it('builds the preview from the original as it is now: an edit shows, a deletion empties it — without re-sending the reply', async () => {
    const original = (await send(alice, 'teh plan').expect(201)).body as Message;
    const reply = (await send(bob, 'which plan?', { reply_to_id: original.id }).expect(201)).body as Message;
    const socket = await connectSocket(server, { token: bob.tokens.access_token });
    const updates = record(socket, 'message:updated');
    await request(server.url).patch(`/messages/${original.id}`).set('Authorization', alice.bearer).send({ content: 'the plan' }).expect(200);
    expect((await history(reply)).reply_to).toMatchObject({ excerpt: 'the plan', deleted: false });
    await request(server.url).delete(`/messages/${original.id}`).set('Authorization', alice.bearer).expect(204);
    const after = await history(reply);
    expect(after.reply_to).toEqual({ id: original.id, seq: original.seq, sender_id: alice.user.id, excerpt: '', deleted: true });
    expect(after.change_seq).toBe(reply.change_seq);
    await eventually(() => updates.length === 2, 5000, 'the two changes of the original');
    await pause(100);
    expect(updates.map((event) => event.message.id)).toEqual([original.id, original.id]);
  });

  it('may answer a deleted message, and a reply to a reply names only its own original', async () => {
    const original = (await send(alice, 'gone soon').expect(201)).body as Message;
    await request(server.url).delete(`/messages/${original.id}`).set('Authorization', alice.bearer).expect(204);
    const reply = (await send(bob, 'what was it?', { reply_to_id: original.id }).expect(201)).body as Message;
    expect(reply.reply_to).toMatchObject({ id: original.id, excerpt: '', deleted: true });
    const second = (await send(alice, 'never mind', { reply_to_id: reply.id }).expect(201)).body as Message;
    expect(second.reply_to).toMatchObject({ id: reply.id, excerpt: 'what was it?' });
  });

  it('refuses a message of another conversation, or none, with a 400 naming reply_to_id; an outsider gets the 403 first', async () => {
    const elsewhere = (await send(alice, 'in the other room', {}, otherRoom).expect(201)).body as Message;
    for (const replyToId of [elsewhere.id, randomUUID()]) {
      const refused = await send(bob, 'answer', { reply_to_id: replyToId });
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'reply_to_id' })]);
    }
    const outsider = await registerUser(server, 'outsider');
    expectProblem(await send(outsider, 'sneaky', { reply_to_id: elsewhere.id }), 403, 'FORBIDDEN');
    expect((await send(bob, 'not a reply', { reply_to_id: null }).expect(201)).body.reply_to).toBeNull();
  });

  it('replays idempotently with the same original, and refuses the key with another one', async () => {
    const [first, second] = [(await send(alice, 'one').expect(201)).body, (await send(alice, 'two').expect(201)).body] as Message[];
    const body = { conversation_id: room.id, message_id: `k-${randomUUID()}`, content: 'about that', reply_to_id: first.id };
    const stored = (await request(server.url).post('/messages').set('Authorization', bob.bearer).send(body).expect(201)).body;
    expect((await request(server.url).post('/messages').set('Authorization', bob.bearer).send(body).expect(200)).body).toEqual(stored);
    const other = await request(server.url).post('/messages').set('Authorization', bob.bearer).send({ ...body, reply_to_id: second.id });
    expectProblem(other, 409, 'CONFLICT');
    const none = await request(server.url).post('/messages').set('Authorization', bob.bearer).send({ ...body, reply_to_id: undefined });
    expectProblem(none, 409, 'CONFLICT');
  });

  it('works over Socket.IO: the ack and every member’s message:new carry the preview', async () => {
    const original = (await send(alice, 'socket original').expect(201)).body as Message;
    const [aliceSocket, bobSocket] = await Promise.all([alice, bob].map((user) => connectSocket(server, { token: user.tokens.access_token })));
    const arrivals = record(aliceSocket, 'message:new');
    const ack: Ack<{ message: Message }> = await bobSocket.emitWithAck('message:send', {
      conversation_id: room.id,
      message_id: `s-${randomUUID()}`,
      content: 'socket reply',
      reply_to_id: original.id,
    });
    expect(ack).toMatchObject({ ok: true, message: { reply_to: { id: original.id, excerpt: 'socket original' } } });
    await eventually(() => arrivals.length === 1, 5000, 'message:new');
    expect(arrivals[0].message.reply_to).toMatchObject({ id: original.id, excerpt: 'socket original' });
    const refused = await bobSocket.emitWithAck('message:send', {
      conversation_id: room.id,
      message_id: `s-${randomUUID()}`,
      content: 'bad',
      reply_to_id: randomUUID(),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
