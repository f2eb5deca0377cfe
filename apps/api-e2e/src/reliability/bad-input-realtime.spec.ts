import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { ChatClient, closeAllSockets, connectSocket, eventually, openRaw, RawClient } from '../support/sockets';
import { ROOM } from './bad-input.corpus';
import { payloadCases, rawFrameCases, SOCKET_EVENTS } from './bad-input-realtime.cases';
import { DatabaseSnapshot, snapshotDatabase } from './database-snapshot';
import { createDirect } from './fixtures';

const REQUIRED: Record<keyof typeof SOCKET_EVENTS, readonly string[]> = {
  'message:send': ['conversation_id', 'message_id', 'content'],
  'message:edit': ['id', 'content'],
  'message:delete': ['id'],
  'reaction:add': ['id', 'emoji'],
  'reaction:remove': ['id', 'emoji'],
  sync: ['conversations'],
  read: ['conversation_id', 'seq'],
  typing: ['conversation_id', 'typing'],
};

type Answer = { ok: boolean; error?: { status: number; code: string; detail: string } };

let nextAckId = 10_000;
/**
 * Emits an event whose payload is raw JSON text, written straight to the Engine.IO transport as a Socket.IO
 * EVENT packet with an ack id (socket.io-client would re-serialise it: no own `__proto__`, no 5000-deep nesting).
 */
function emitRaw(socket: ChatClient, event: string, json: string | undefined): Promise<Answer> {
  const id = nextAckId++;
  const engine = socket.io.engine;
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => () => {
      clearTimeout(timer);
      engine.off('message', onMessage);
      reject(new Error(`${reason} for ${event} #${id}`));
    };
    const timer = setTimeout(fail('no ack'), 10_000);
    const onMessage = (data: unknown) => {
      if (typeof data !== 'string' || !data.startsWith(`3${id}[`)) return;
      clearTimeout(timer);
      engine.off('message', onMessage);
      socket.off('disconnect', onDisconnect);
      resolve(JSON.parse(data.slice(String(id).length + 1))[0]);
    };
    const onDisconnect = fail('disconnected');
    engine.on('message', onMessage);
    socket.once('disconnect', onDisconnect);
    engine.write(`2${id}[${JSON.stringify(event)}${json === undefined ? '' : `,${json}`}]`);
  });
}

describe('the bad-input corpus over Socket.IO and /ws', () => {
  let server: RunningServer;
  let alice: TestUser;
  let room: string;
  let socket: ChatClient;
  let raw: RawClient;
  let before: DatabaseSnapshot;
  const fill = (json: string | undefined) => json?.split(ROOM).join(room);

  beforeAll(async () => {
    server = await startServer();
    alice = await registerUser(server, 'rt_corpus');
    const bob = await registerUser(server, 'rt_corpus_bob');
    room = (await createDirect(server, alice, bob)).id;
    await request(server.url)
      .post('/messages')
      .set('Authorization', alice.bearer)
      .send({ conversation_id: room, message_id: 'seed', content: 'seed' })
      .expect(201);
    socket = await connectSocket(server, { token: alice.tokens.access_token });
    raw = await openRaw(server, alice.tokens.access_token);
    before = await snapshotDatabase(server);
  });
  afterAll(async () => {
    closeAllSockets();
    await server.dispose();
  });

  for (const [event, spec] of Object.entries(SOCKET_EVENTS) as [
    keyof typeof SOCKET_EVENTS,
    (typeof SOCKET_EVENTS)[keyof typeof SOCKET_EVENTS],
  ][]) {
    describe(`Socket.IO ${event}`, () => {
      it.each(payloadCases(spec, REQUIRED[event]).map((c) => [c.name, c] as const))('%s', async (_, testCase) => {
        const answer = await emitRaw(socket, event, fill(testCase.json));
        if (testCase.code === null) expect(answer).toMatchObject({ ok: true });
        else
          expect(answer).toMatchObject({
            ok: false,
            error: { code: testCase.code, status: expect.any(Number), detail: expect.any(String) },
          });
      });
    });
  }

  it.each(Object.keys(SOCKET_EVENTS))('answers %s with a binary attachment as its payload with VALIDATION_FAILED', async (event) => {
    const untyped = socket as unknown as { emitWithAck(event: string, ...args: unknown[]): Promise<Answer> };
    const answer = await untyped.emitWithAck(event, Buffer.from(JSON.stringify({ conversation_id: room, seq: 0, typing: true })));
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const nested = await untyped.emitWithAck(event, { conversation_id: room, seq: 0, typing: true, content: Buffer.from('x') });
    expect(nested).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  describe('raw /ws frames', () => {
    it.each(rawFrameCases().map((c) => [c.name, c] as const))('%s', async (_, testCase) => {
      const seen = raw.frames.length;
      raw.send(fill(testCase.json));
      await eventually(() => raw.frames.length > seen, 10_000, 'a reply frame');
      const reply = raw.frames[seen];
      if (testCase.code === null) expect(reply).toMatchObject({ type: 'joined' });
      else expect(reply).toMatchObject({ type: 'error', code: testCase.code, reason: expect.any(String) });
    });

    it('answers a binary frame with an error frame', async () => {
      const seen = raw.frames.length;
      raw.socket.send(Buffer.from('{"type":"join"}'));
      await eventually(() => raw.frames.length > seen, 10_000, 'a reply frame');
      expect(raw.frames[seen]).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED' });
    });
  });

  it('kept both connections open through the corpus', async () => {
    expect(socket.connected).toBe(true);
    expect(await socket.emitWithAck('sync', { conversations: [{ conversation_id: room, after_seq: 0 }] })).toMatchObject({ ok: true });
    const seen = raw.frames.length;
    raw.send({ type: 'join', conversation_id: room });
    await eventually(() => raw.frames.length > seen, 10_000, 'joined');
    expect(raw.frames[seen]).toEqual({ type: 'joined', conversation_id: room });
  });

  it('wrote nothing: every table holds exactly the rows it held before the corpus', async () => {
    expect(await snapshotDatabase(server)).toEqual(before);
  });

  it('survives malformed Socket.IO packets, each on a connection of its own', async () => {
    for (const packet of [
      '2[malformed',
      '2"not an array"',
      '2[]',
      '2[42,{}]',
      '2[null]',
      '2{"a":1}',
      '9junk',
      `2["sync",${'['.repeat(5000)}${']'.repeat(5000)}]`,
    ]) {
      const victim = await connectSocket(server, { token: alice.tokens.access_token });
      victim.io.engine.write(packet);
      // Either the server drops the connection for it, or it answers the next event as usual.
      await Promise.race([
        new Promise((resolve) => victim.once('disconnect', resolve)),
        victim.timeout(5000).emitWithAck('sync', { conversations: [] }),
      ]);
    }
    expect(server.process.exitCode).toBeNull();
    await request(server.url).get('/health').expect(200);
    const fresh = await connectSocket(server, { token: alice.tokens.access_token });
    expect(await fresh.emitWithAck('sync', { conversations: [] })).toMatchObject({ ok: true });
  });

  it('logged no unexpected failure', () => {
    expect(server.output.filter((line) => /"level":"error"|"level":50/.test(line))).toEqual([]);
  });
});
