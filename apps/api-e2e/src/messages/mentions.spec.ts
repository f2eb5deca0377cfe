import type { Conversation, Message, SyncResponse } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, record } from '../support/sockets';

/** SPEC 10.3 mentions and unread_mentions, over REST and Socket.IO, on the suite's database (E2E_DB). */
describe('mentions', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  /** Not in the group: never mentioned, whatever the text says. */
  let outsider: TestUser;

  beforeAll(async () => {
    server = await startServer();
    [alice, bob, carol, outsider] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((name) => registerUser(server, name)));
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  const group = async (members: TestUser[] = [bob, carol]): Promise<Conversation> =>
    (
      await request(server.url)
        .post('/conversations')
        .set('Authorization', alice.bearer)
        .send({ member_ids: members.map((member) => member.user.id), is_group: true, title: `mentions ${randomUUID().slice(0, 8)}` })
        .expect(201)
    ).body;
  const send = async (user: TestUser, room: Conversation, content: string): Promise<Message> =>
    (
      await request(server.url)
        .post('/messages')
        .set('Authorization', user.bearer)
        .send({ conversation_id: room.id, message_id: `m-${randomUUID()}`, content })
        .expect(201)
    ).body;
  const edit = async (user: TestUser, message: Message, content: string): Promise<Message> =>
    (await request(server.url).patch(`/messages/${message.id}`).set('Authorization', user.bearer).send({ content }).expect(200)).body;
  const viewOf = async (user: TestUser, room: Conversation): Promise<Conversation> =>
    (await request(server.url).get(`/conversations/${room.id}`).set('Authorization', user.bearer).expect(200)).body;
  const listed = async (user: TestUser, room: Conversation): Promise<Conversation | undefined> =>
    (
      (await request(server.url).get('/conversations').set('Authorization', user.bearer).expect(200)).body.conversations as Conversation[]
    ).find((candidate) => candidate.id === room.id);
  const at = (user: TestUser) => `@${user.user.username}`;

  it('fills mentions with the members named by @username, each once, in order, case-insensitively', async () => {
    const room = await group();
    const message = await send(alice, room, `${at(carol).toUpperCase()}, and ${at(bob)}! cc ${at(carol)}.`);
    expect(message.mentions).toEqual([carol.user.id, bob.user.id]);
    const history = await request(server.url).get(`/conversations/${room.id}/messages`).set('Authorization', bob.bearer).expect(200);
    expect(history.body.messages.at(-1)).toEqual(message);
  });

  it('mentions nobody for a name followed by a letter or digit, a non-member, or a text without @', async () => {
    const room = await group();
    expect((await send(alice, room, `${at(bob)}x ${at(bob)}1 ${at(bob)}é`)).mentions).toEqual([]);
    expect((await send(alice, room, `hello ${at(outsider)}`)).mentions).toEqual([]);
    expect((await send(alice, room, 'no one at all')).mentions).toEqual([]);
    // Punctuation a username may contain ends the match when no longer member name is there.
    expect((await send(alice, room, `${at(bob)}.`)).mentions).toEqual([bob.user.id]);
  });

  it('prefers the longest member username that matches at the @', async () => {
    const short = await registerUser(server, 'sam');
    const username = `${short.user.username}_x`.slice(0, 32);
    await request(server.url).post('/auth/signup').send({ username, password: 'a long enough password' }).expect(201);
    const login = await request(server.url).post('/auth/login').send({ username, password: 'a long enough password' }).expect(200);
    const long: TestUser = {
      user: (await request(server.url).get('/auth/me').set('Authorization', `Bearer ${login.body.access_token}`).expect(200)).body,
      password: 'a long enough password',
      tokens: login.body,
      bearer: `Bearer ${login.body.access_token}`,
    };
    const withShortOnly = await group([short]);
    expect((await send(alice, withShortOnly, `@${username} hi`)).mentions).toEqual([short.user.id]);
    const withBoth = await group([short, long]);
    expect((await send(alice, withBoth, `@${username} hi`)).mentions).toEqual([long.user.id]);
    expect((await send(alice, withBoth, `${at(short)} hi`)).mentions).toEqual([short.user.id]);
  });

  it('counts unread_mentions for the mentioned until they read past them, never for the sender', async () => {
    const room = await group();
    await send(alice, room, `${at(bob)} first`);
    await send(carol, room, 'no mention');
    const second = await send(carol, room, `${at(bob)} ${at(alice)} second`);
    expect(await viewOf(bob, room)).toMatchObject({ unread_count: 3, unread_mentions: 2 });
    expect(await listed(bob, room)).toMatchObject({ unread_count: 3, unread_mentions: 2 });
    expect(await viewOf(carol, room)).toMatchObject({ unread_mentions: 0 });
    // Alice's own message moved her marker to it; of Carol's two after it, the second mentions her.
    expect(await viewOf(alice, room)).toMatchObject({ unread_count: 2, unread_mentions: 1 });
    const read = await request(server.url)
      .post(`/conversations/${room.id}/read`)
      .set('Authorization', bob.bearer)
      .send({ seq: second.seq - 1 })
      .expect(200);
    expect(read.body).toMatchObject({ unread_count: 1, unread_mentions: 1 });
    await request(server.url).post(`/conversations/${room.id}/read`).set('Authorization', bob.bearer).send({ seq: second.seq }).expect(200);
    expect(await listed(bob, room)).toMatchObject({ unread_count: 0, unread_mentions: 0 });
  });

  it('an edit counts for the newly mentioned only, and one that drops a mention uncounts it', async () => {
    const room = await group();
    const message = await send(alice, room, `${at(bob)} look`);
    const added = await edit(alice, message, `${at(bob)} and ${at(carol)} look`);
    expect(added.mentions).toEqual([bob.user.id, carol.user.id]);
    expect(await viewOf(bob, room)).toMatchObject({ unread_mentions: 1 });
    expect(await viewOf(carol, room)).toMatchObject({ unread_mentions: 1 });
    const dropped = await edit(alice, message, `only ${at(carol)} now`);
    expect(dropped.mentions).toEqual([carol.user.id]);
    expect(await viewOf(bob, room)).toMatchObject({ unread_count: 1, unread_mentions: 0 });
    expect(await viewOf(carol, room)).toMatchObject({ unread_mentions: 1 });
  });

  it('a deleted message mentions nobody and counts for nobody', async () => {
    const room = await group();
    const message = await send(alice, room, `${at(bob)} secret`);
    await request(server.url).delete(`/messages/${message.id}`).set('Authorization', alice.bearer).expect(204);
    expect(await viewOf(bob, room)).toMatchObject({ unread_count: 1, unread_mentions: 0 });
    const history = await request(server.url).get(`/conversations/${room.id}/messages`).set('Authorization', bob.bearer).expect(200);
    expect(history.body.messages.at(-1)).toMatchObject({ id: message.id, content: '', mentions: [] });
  });

  it('mentions nobody who has left: membership is read at send time', async () => {
    const room = await group();
    await request(server.url).delete(`/conversations/${room.id}/members/${carol.user.id}`).set('Authorization', carol.bearer).expect(204);
    expect((await send(alice, room, `${at(carol)} ${at(bob)}`)).mentions).toEqual([bob.user.id]);
  });

  it('carries mentions on Socket.IO: the ack, message:new, message:updated and sync', async () => {
    const room = await group();
    const aliceSocket = await connectSocket(server, { token: alice.tokens.access_token });
    const bobSocket = await connectSocket(server, { token: bob.tokens.access_token });
    const arrivals = record(bobSocket, 'message:new');
    const updates = record(bobSocket, 'message:updated');
    const ack = await aliceSocket.emitWithAck('message:send', {
      conversation_id: room.id,
      message_id: `s-${randomUUID()}`,
      content: `hey ${at(bob)}`,
    });
    expect(ack).toMatchObject({ ok: true, message: { mentions: [bob.user.id] } });
    await eventually(() => arrivals.length === 1, 5000, 'message:new');
    expect(arrivals[0].message.mentions).toEqual([bob.user.id]);
    const stored = (ack as { message: Message }).message;
    const edited = await aliceSocket.emitWithAck('message:edit', { id: stored.id, content: `hey ${at(bob)} ${at(carol)}` });
    expect(edited).toMatchObject({ ok: true, message: { mentions: [bob.user.id, carol.user.id] } });
    await eventually(() => updates.length === 1, 5000, 'message:updated');
    expect(updates[0].message.mentions).toEqual([bob.user.id, carol.user.id]);
    const sync = (await bobSocket.emitWithAck('sync', {
      conversations: [{ conversation_id: room.id, after_seq: 0, after_change_seq: 0 }],
    })) as SyncResponse & { ok: true };
    expect(sync.results[0].messages.at(-1)?.mentions).toEqual([bob.user.id, carol.user.id]);
    expect(sync.results[0].conversation).toMatchObject({ unread_mentions: 1 });
  });
});
