import type { Ack, ChangesPage, Conversation, Message, SyncResponse } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, openRaw, pause, record } from '../support/sockets';

/** SPEC 10.1 and 10.2 over REST, Socket.IO and /ws, on the suite's database (E2E_DB). */
describe('editing and deleting messages on the change feed', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let outsider: TestUser;
  let room: Conversation;

  beforeAll(async () => {
    server = await startServer();
    [alice, bob, outsider] = await Promise.all(['alice', 'bob', 'outsider'].map((name) => registerUser(server, name)));
    room = (await as(alice).post('/conversations').send({ member_ids: [bob.user.id], is_group: true, title: 'edits' }).expect(201)).body;
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  function as(user: TestUser) {
    const withAuth = (test: request.Test) => test.set('Authorization', user.bearer);
    return {
      get: (path: string) => withAuth(request(server.url).get(path)),
      post: (path: string) => withAuth(request(server.url).post(path)),
      patch: (path: string) => withAuth(request(server.url).patch(path)),
      delete: (path: string) => withAuth(request(server.url).delete(path)),
    };
  }
  const send = async (user: TestUser, content: string): Promise<Message> =>
    (await as(user).post('/messages').send({ conversation_id: room.id, message_id: `m-${randomUUID()}`, content }).expect(201)).body;
  const conversation = async (user = bob): Promise<Conversation> => (await as(user).get(`/conversations/${room.id}`).expect(200)).body;

  it('sends with change_seq, edited_at and deleted_at on the wire, and the conversation with last_change_seq', async () => {
    const sent = await send(alice, 'fresh');
    expect(sent).toMatchObject({ change_seq: expect.any(Number), edited_at: null, deleted_at: null });
    expect(await conversation()).toMatchObject({ last_change_seq: sent.change_seq, last_message: sent });
  });

  it('edits over REST: the text, edited_at and a new change_seq everywhere, the old text among the revisions', async () => {
    const sent = await send(alice, 'teh typo');
    const edited = (await as(alice).patch(`/messages/${sent.id}`).send({ content: 'the typo' }).expect(200)).body as Message;
    expect(edited).toMatchObject({ id: sent.id, seq: sent.seq, content: 'the typo', edited_at: expect.any(String), change_seq: sent.change_seq + 1 });
    expect((await conversation()).last_message).toEqual(edited);
    const page = (await as(bob).get(`/conversations/${room.id}/messages?after_seq=${sent.seq - 1}&limit=1`).expect(200)).body;
    expect(page.messages).toEqual([edited]);
    const revisions = (await as(bob).get(`/messages/${sent.id}/revisions`).expect(200)).body;
    expect(revisions).toEqual({ revisions: [{ content: 'teh typo', edited_at: edited.edited_at }] });
  });

  it('changes nothing when the text is the same: 200, the same change_seq, no event', async () => {
    const sent = await send(alice, 'unchanged');
    const socket = await connectSocket(server, { token: bob.tokens.access_token });
    const updates = record(socket, 'message:updated');
    expect((await as(alice).patch(`/messages/${sent.id}`).send({ content: 'unchanged' }).expect(200)).body).toEqual(sent);
    await send(alice, 'control');
    await pause(200);
    expect(updates).toEqual([]);
  });

  it('refuses an edit made against an outdated copy with 409 EDIT_CONFLICT, so no edit is silently lost', async () => {
    const sent = await send(alice, 'v1');
    await as(alice).patch(`/messages/${sent.id}`).send({ content: 'v2 phone', expected_change_seq: sent.change_seq }).expect(200);
    const conflict = await as(alice).patch(`/messages/${sent.id}`).send({ content: 'v2 laptop', expected_change_seq: sent.change_seq });
    expectProblem(conflict, 409, 'EDIT_CONFLICT');
    expect((await as(alice).get(`/messages/${sent.id}/revisions`)).body.revisions.map((r: { content: string }) => r.content)).toEqual(['v1']);
  });

  it('lets only the author edit (403), refuses outsiders as for reading (403) and unknown ids (404)', async () => {
    const sent = await send(alice, 'mine');
    const byBob = await as(bob).patch(`/messages/${sent.id}`).send({ content: 'hijacked' });
    expectProblem(byBob, 403, 'FORBIDDEN');
    expect(byBob.body.detail).toBe('Only the author can edit a message');
    const byOutsider = await as(outsider).patch(`/messages/${sent.id}`).send({ content: 'hijacked' });
    expectProblem(byOutsider, 403, 'FORBIDDEN');
    expect(byOutsider.body.detail).toBe('You are not a member of this conversation');
    expectProblem(await as(outsider).get(`/messages/${sent.id}/revisions`), 403, 'FORBIDDEN');
    expectProblem(await as(alice).patch(`/messages/${randomUUID()}`).send({ content: 'x' }), 404, 'NOT_FOUND');
    expectProblem(await as(bob).delete(`/messages/${sent.id}`), 403, 'FORBIDDEN');
    expectProblem(await as(outsider).delete(`/messages/${sent.id}`), 403, 'FORBIDDEN');
    expectProblem(await as(alice).delete(`/messages/${randomUUID()}`), 404, 'NOT_FOUND');
    expect((await as(alice).get(`/messages/${sent.id}/revisions`)).body).toEqual({ revisions: [] });
  });

  it('deletes as a tombstone: 204, content "", deleted_at, no revisions, last_message shows it; deleting again is 204', async () => {
    const sent = await send(alice, 'regret');
    await as(alice).patch(`/messages/${sent.id}`).send({ content: 'regret!' }).expect(200);
    await as(alice).delete(`/messages/${sent.id}`).expect(204);
    const tombstone = (await conversation()).last_message as Message;
    expect(tombstone).toMatchObject({ id: sent.id, seq: sent.seq, content: '', deleted_at: expect.any(String), edited_at: null });
    expect((await as(bob).get(`/messages/${sent.id}/revisions`).expect(200)).body).toEqual({ revisions: [] });
    await as(alice).delete(`/messages/${sent.id}`).expect(204);
    expect((await conversation()).last_change_seq).toBe(tombstone.change_seq);
    expectProblem(await as(alice).patch(`/messages/${sent.id}`).send({ content: 'undo' }), 409, 'CONFLICT');
  });

  it('announces every change as message:updated to every device of every member, sender included, and /ws as message_updated', async () => {
    const sent = await send(alice, 'live');
    const [aliceSocket, bobPhone, bobLaptop, outsiderSocket] = await Promise.all(
      [alice, bob, bob, outsider].map((user) => connectSocket(server, { token: user.tokens.access_token })),
    );
    const raw = await openRaw(server, bob.tokens.access_token);
    raw.send({ type: 'join', conversation_id: room.id });
    await eventually(() => raw.frames.some((frame) => frame.type === 'joined'));
    const seen = [aliceSocket, bobPhone, bobLaptop, outsiderSocket].map((socket) => record(socket, 'message:updated'));
    const edited: Ack<{ message: Message }> = await aliceSocket.emitWithAck('message:edit', { id: sent.id, content: 'live, edited' });
    expect(edited).toMatchObject({ ok: true, message: { content: 'live, edited' } });
    expect(await aliceSocket.emitWithAck('message:delete', { id: sent.id })).toEqual({ ok: true });
    await eventually(() => seen.slice(0, 3).every((events) => events.length === 2), 5000, 'both changes on every member device');
    await eventually(() => raw.frames.filter((frame) => frame.type === 'message_updated').length === 2, 5000, 'both /ws frames');
    for (const events of seen.slice(0, 3)) {
      expect(events.map((e) => [e.message.content, e.message.deleted_at !== null])).toEqual([
        ['live, edited', false],
        ['', true],
      ]);
    }
    await pause(200);
    expect(seen[3]).toEqual([]);
  });

  it('answers socket edits of others’ messages with error acks and writes nothing', async () => {
    const sent = await send(alice, 'socket rules');
    const bobSocket = await connectSocket(server, { token: bob.tokens.access_token });
    const outsiderSocket = await connectSocket(server, { token: outsider.tokens.access_token });
    expect(await bobSocket.emitWithAck('message:edit', { id: sent.id, content: 'no' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await outsiderSocket.emitWithAck('message:delete', { id: sent.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await bobSocket.emitWithAck('message:delete', { id: randomUUID() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await bobSocket.emitWithAck('message:edit', { id: sent.id, content: ' ' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect((await conversation()).last_message).toEqual(sent);
  });

  it('serves the change feed over REST: every change after a cursor, oldest first, paged, with a safe next cursor', async () => {
    const before = (await conversation()).last_change_seq;
    const [a, b] = [await send(alice, 'feed a'), await send(bob, 'feed b')];
    await as(alice).patch(`/messages/${a.id}`).send({ content: 'feed a2' }).expect(200);
    await as(bob).delete(`/messages/${b.id}`).expect(204);
    const page: ChangesPage = (await as(bob).get(`/conversations/${room.id}/changes?after_change_seq=${before}`).expect(200)).body;
    expect(page.messages.map((m) => [m.id, m.content])).toEqual([
      [a.id, 'feed a2'],
      [b.id, ''],
    ]);
    expect(page).toMatchObject({ has_more: false, last_change_seq: before + 4 });
    const first: ChangesPage = (await as(bob).get(`/conversations/${room.id}/changes?after_change_seq=${before}&limit=1`).expect(200)).body;
    expect(first).toMatchObject({ has_more: true, messages: [{ id: a.id }] });
    expectProblem(await as(outsider).get(`/conversations/${room.id}/changes`), 403, 'FORBIDDEN');
    expectProblem(await as(bob).get(`/conversations/${randomUUID()}/changes`), 404, 'NOT_FOUND');
    expect((await as(bob).get(`/conversations/${room.id}/changes?after_change_seq=${page.last_change_seq}`)).body).toEqual({
      messages: [],
      has_more: false,
      last_change_seq: page.last_change_seq,
    });
  });

  it('catches a device up with sync: changes of what it holds, the rest in its current state, the conversation, removed ones', async () => {
    const held = await send(alice, 'held');
    const { last_seq, last_change_seq } = await conversation();
    await as(alice).patch(`/messages/${held.id}`).send({ content: 'held, edited while away' }).expect(200);
    const missed = await send(alice, 'missed');
    await as(alice).patch(`/messages/${missed.id}`).send({ content: 'missed, edited' }).expect(200);
    const socket = await connectSocket(server, { token: bob.tokens.access_token });
    const unknown = randomUUID();
    const outsiderRoom = (await as(outsider).post('/conversations').send({ member_ids: [], is_group: true }).expect(201)).body.id;
    const ack: Ack<SyncResponse> = await socket.emitWithAck('sync', {
      conversations: [
        { conversation_id: room.id, after_seq: last_seq, after_change_seq: last_change_seq },
        { conversation_id: unknown, after_seq: 0 },
        { conversation_id: outsiderRoom, after_seq: 0, after_change_seq: 0 },
      ],
    });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    expect(ack.removed).toEqual([unknown, outsiderRoom]);
    const [result] = ack.results;
    expect(result.changes?.map((m) => m.content)).toEqual(['held, edited while away']);
    expect(result.messages.map((m) => m.content)).toEqual(['missed, edited']);
    expect(result).toMatchObject({ has_more: false, has_more_changes: false, conversation: { id: room.id, last_change_seq: last_change_seq + 3 } });
    expect(ack.results).toHaveLength(1);
  });
});

describe('MESSAGE_EDIT_WINDOW', () => {
  let server: RunningServer;
  afterAll(() => server?.dispose());

  it('refuses edits once the window has passed with 403 EDIT_WINDOW_PASSED, and still allows deleting', async () => {
    server = await startServer({ env: { MESSAGE_EDIT_WINDOW: '1s' } });
    const [alice, bob] = await Promise.all([registerUser(server, 'alice'), registerUser(server, 'bob')]);
    const room = (await request(server.url).post('/conversations').set('Authorization', alice.bearer).send({ member_ids: [bob.user.id] })).body;
    const sent = (
      await request(server.url)
        .post('/messages')
        .set('Authorization', alice.bearer)
        .send({ conversation_id: room.id, message_id: 'window', content: 'quick' })
        .expect(201)
    ).body;
    await pause(1300);
    const late = await request(server.url).patch(`/messages/${sent.id}`).set('Authorization', alice.bearer).send({ content: 'late' });
    expectProblem(late, 403, 'EDIT_WINDOW_PASSED');
    expect(late.body.detail).toBe('Messages can only be edited within 1 second of sending');
    await request(server.url).delete(`/messages/${sent.id}`).set('Authorization', alice.bearer).expect(204);
  });
});
