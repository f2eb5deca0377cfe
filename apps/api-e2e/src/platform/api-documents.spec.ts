import {
  CLIENT_TO_SERVER_EVENTS,
  RAW_CLIENT_FRAME_TYPES,
  RAW_SERVER_FRAME_TYPES,
  SERVER_TO_CLIENT_EVENTS,
  type Conversation,
} from '@pneumatic/contracts';
import request from 'supertest';
import { AsyncApiConformance, recordedEvents } from '../support/asyncapi-conformance';
import { registerUser } from '../support/client';
import { OpenApiConformance } from '../support/openapi-conformance';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, openRaw } from '../support/sockets';

const realtime = new AsyncApiConformance(process.env['E2E_ASYNCAPI_DOCUMENT'] ?? '');
const openApi = new OpenApiConformance(process.env['E2E_OPENAPI_DOCUMENT'] ?? '');

/** The documents a client writer starts from (/docs-json, /docs/asyncapi.json) against the contract and the server. */
describe('the API documents', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  it('describe every event of the contract, both ways, each with a payload schema, and nothing else', () => {
    const { schemas } = realtime;
    expect(Object.keys(schemas['socketio:client']).sort()).toEqual([...CLIENT_TO_SERVER_EVENTS].sort());
    expect(Object.keys(schemas['socketio:ack']).sort()).toEqual([...CLIENT_TO_SERVER_EVENTS].sort());
    // connect_error is Socket.IO's own event, not the contract's.
    expect(Object.keys(schemas['socketio:server']).sort()).toEqual([...SERVER_TO_CLIENT_EVENTS, 'connect_error'].sort());
    expect(Object.keys(schemas['raw:client']).sort()).toEqual([...RAW_CLIENT_FRAME_TYPES].sort());
    expect(Object.keys(schemas['raw:server']).sort()).toEqual([...RAW_SERVER_FRAME_TYPES].sort());
    for (const byName of Object.values(schemas))
      for (const schema of Object.values(byName)) expect(Object.keys(schema)).toContainEqual(expect.stringMatching(/^(type|oneOf)$/));
  });

  it('hold what the server really sends: every server event, ack and /ws frame, captured from live sockets', async () => {
    const [alice, bob] = await Promise.all([registerUser(server, 'alice'), registerUser(server, 'bob')]);
    const aliceSocket = await connectSocket(server, { token: alice.tokens.access_token });
    const room = (
      await request(server.url)
        .post('/conversations')
        .set('Authorization', bob.bearer)
        .send({ member_ids: [alice.user.id] })
    ).body as Conversation;
    const bobSocket = await connectSocket(server, { token: bob.tokens.access_token });
    const raw = await openRaw(server, bob.tokens.access_token);
    raw.send({ type: 'join', conversation_id: room.id });
    raw.send({ type: 'nonsense' });
    await aliceSocket.emitWithAck('message:send', { conversation_id: room.id, message_id: 'docs-1', content: 'hello' });
    await aliceSocket.emitWithAck('sync', { conversations: [{ conversation_id: room.id, after_seq: 0 }] });
    await aliceSocket.emitWithAck('typing', { conversation_id: room.id, typing: true });
    await aliceSocket.emitWithAck('read', { conversation_id: room.id, seq: 1 });
    await bobSocket.emitWithAck('read', { conversation_id: room.id, seq: 1 });
    await aliceSocket.emitWithAck('message:send', { conversation_id: 'not-a-uuid', message_id: 'docs-2', content: 'x' });
    // The second wave's events: an edit, a reaction and a deletion (message:updated on both transports), a newcomer
    // (user:new), a renamed contact (user:updated), and a session ended elsewhere (session:ended).
    const sent = await aliceSocket.emitWithAck('message:send', { conversation_id: room.id, message_id: 'docs-3', content: 'teh' });
    if (!sent.ok) throw new Error(`send failed: ${sent.error.code}`);
    await aliceSocket.emitWithAck('message:edit', { id: sent.message.id, content: 'the' });
    await aliceSocket.emitWithAck('reaction:add', { id: sent.message.id, emoji: '👍' });
    await aliceSocket.emitWithAck('reaction:remove', { id: sent.message.id, emoji: '👍' });
    await aliceSocket.emitWithAck('message:delete', { id: sent.message.id });
    await registerUser(server, 'carol');
    await request(server.url).patch('/auth/me').set('Authorization', bob.bearer).send({ full_name: 'Bob Renamed' }).expect(200);
    const secondLogin = await request(server.url).post('/auth/login').send({ username: alice.user.username, password: alice.password }).expect(200);
    await connectSocket(server, { token: secondLogin.body.access_token });
    await request(server.url).post('/auth/logout').send({ refresh_token: secondLogin.body.refresh_token }).expect(204);
    // Groups that people manage: a rename (conversation:updated) and a removal (conversation:removed, and on /ws).
    const aliceRaw = await openRaw(server, alice.tokens.access_token);
    aliceRaw.send({ type: 'join', conversation_id: room.id });
    await eventually(() => aliceRaw.frames.some((frame) => frame.type === 'joined'), 5000, 'alice on /ws');
    const group = (
      await request(server.url)
        .post('/conversations')
        .set('Authorization', bob.bearer)
        .send({ member_ids: [alice.user.id], is_group: true, title: 'Docs' })
        .expect(201)
    ).body as Conversation;
    await request(server.url).patch(`/conversations/${group.id}`).set('Authorization', bob.bearer).send({ title: 'Docs renamed' }).expect(200);
    await request(server.url).delete(`/conversations/${group.id}/members/${alice.user.id}`).set('Authorization', bob.bearer).expect(204);
    bobSocket.close();

    const seen = () => new Set(recordedEvents().map((event) => `${event.kind} ${event.name}`));
    const expected = [
      ...SERVER_TO_CLIENT_EVENTS.map((name) => `socketio:server ${name}`),
      ...CLIENT_TO_SERVER_EVENTS.map((name) => `socketio:ack ${name}`),
      ...RAW_SERVER_FRAME_TYPES.map((type) => `raw:server ${type}`),
    ];
    await eventually(
      () => expected.every((key) => seen().has(key)),
      8000,
      `every event (missing: ${expected.filter((key) => !seen().has(key)).join(', ')})`,
    );
    expect(recordedEvents().flatMap((event) => realtime.check(event))).toEqual([]);
  });

  it('catch a payload or an answer that strays from them', async () => {
    expect(realtime.check({ kind: 'socketio:server', name: 'message:new', payload: { message: { id: 'x', seq: 1.5 } } })).not.toEqual([]);
    expect(realtime.check({ kind: 'socketio:server', name: 'message:removed', payload: {} })).toEqual([
      'socketio:server message:removed: not in the AsyncAPI document',
    ]);
    const answer = { method: 'GET', url: `${server.url}/auth/me`, headers: { 'content-type': 'application/json', 'x-request-id': 'r' } };
    expect(await openApi.check({ ...answer, status: 200, body: { id: 'not-a-uuid', username: 'a' } })).toEqual(
      expect.arrayContaining([expect.stringContaining('body'), expect.stringContaining('x-ratelimit-limit')]),
    );
    expect(await openApi.check({ ...answer, status: 401, body: { status: 401 } })).toEqual(
      expect.arrayContaining([expect.stringContaining('Content-Type')]),
    );
  });

  it('are served: Swagger UI, the OpenAPI document with its servers, tags and security, and the AsyncAPI page', async () => {
    const openApiDocument = (await request(server.url).get('/docs-json').expect(200)).body;
    expect(openApiDocument.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(openApiDocument.info.description).toContain('docs/README.md');
    for (const tag of openApiDocument.tags) expect(tag.description).toEqual(expect.any(String));
    expect(openApiDocument.paths['/auth/login'].post.security).toEqual([]);
    expect(openApiDocument.paths['/auth/me'].get.security).toEqual([{ bearer: [] }]);
    const page = await request(server.url).get('/docs/asyncapi').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const name of [...CLIENT_TO_SERVER_EVENTS, ...SERVER_TO_CLIENT_EVENTS]) expect(page.text).toContain(`<code>${name}</code>`);
    const asyncApi = (await request(server.url).get('/docs/asyncapi.json').expect(200)).body;
    expect(asyncApi.asyncapi).toMatch(/^3\./);
  });
});
