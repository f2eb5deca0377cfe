import type { Conversation } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, pause, record } from '../support/sockets';

/** SPEC 10.3 muting: each member's own switch, on the suite's database (E2E_DB). */
describe('muting a conversation', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let room: Conversation;

  beforeAll(async () => {
    server = await startServer();
    [alice, bob] = await Promise.all(['alice', 'bob'].map((name) => registerUser(server, name)));
    room = (await request(server.url).post('/conversations').set('Authorization', alice.bearer).send({ member_ids: [bob.user.id] }).expect(201)).body;
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  const settings = (user: TestUser, id: string, body: unknown) =>
    request(server.url).put(`/conversations/${id}/settings`).set('Authorization', user.bearer).send(body as object);
  const listed = async (user: TestUser) =>
    ((await request(server.url).get('/conversations').set('Authorization', user.bearer).expect(200)).body.conversations as Conversation[]).find(
      (conversation) => conversation.id === room.id,
    );

  it('starts unmuted for everyone', async () => {
    expect(room.muted).toBe(false);
    expect((await listed(bob))?.muted).toBe(false);
  });

  it('mutes for the caller only, and a muted conversation still counts unread messages', async () => {
    expect((await settings(bob, room.id, { muted: true }).expect(200)).body).toMatchObject({ id: room.id, muted: true });
    await request(server.url)
      .post('/messages')
      .set('Authorization', alice.bearer)
      .send({ conversation_id: room.id, message_id: `m-${randomUUID()}`, content: 'still counted' })
      .expect(201);
    expect(await listed(bob)).toMatchObject({ muted: true, unread_count: 1 });
    expect((await listed(alice))?.muted).toBe(false);
    const one = (await request(server.url).get(`/conversations/${room.id}`).set('Authorization', bob.bearer).expect(200)).body;
    expect(one.muted).toBe(true);
  });

  it('tells the caller’s other devices at once (conversation:updated), and nobody else', async () => {
    const [bobPhone, aliceSocket] = await Promise.all([bob, alice].map((user) => connectSocket(server, { token: user.tokens.access_token })));
    const bobUpdates = record(bobPhone, 'conversation:updated');
    const aliceUpdates = record(aliceSocket, 'conversation:updated');
    await settings(bob, room.id, { muted: true }).expect(200);
    await eventually(() => bobUpdates.length === 1, 5000, 'conversation:updated on the other device');
    expect(bobUpdates[0].conversation).toMatchObject({ id: room.id, muted: true });
    await pause(200);
    expect(aliceUpdates).toEqual([]);
  });

  it('unmutes, and setting the same value again changes nothing', async () => {
    expect((await settings(bob, room.id, { muted: false }).expect(200)).body.muted).toBe(false);
    expect((await settings(bob, room.id, { muted: false }).expect(200)).body.muted).toBe(false);
    expect((await listed(bob))?.muted).toBe(false);
  });

  it('refuses a value that is not a boolean, an outsider (403) and an unknown conversation (404)', async () => {
    for (const muted of ['true', 1, null]) expectProblem(await settings(bob, room.id, { muted }), 400, 'VALIDATION_FAILED');
    expectProblem(await settings(bob, room.id, {}), 400, 'VALIDATION_FAILED');
    const outsider = await registerUser(server, 'outsider');
    expectProblem(await settings(outsider, room.id, { muted: true }), 403, 'FORBIDDEN');
    expectProblem(await settings(bob, randomUUID(), { muted: true }), 404, 'NOT_FOUND');
  });
});
