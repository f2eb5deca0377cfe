import type { Conversation } from '@pneumatic/contracts';
import Database from 'better-sqlite3';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { expectReadyWithin5s, RunningServer, startServer } from '../support/server';
import { createPostgresBehindProxy, describeWithPostgres, ProxiedTestDatabase } from '../support/services';
import { ChatClient, closeAllSockets, connectSocket, eventually, openRaw, RawClient } from '../support/sockets';
import { createGroup, expectGapFree, fullHistory } from './fixtures';

/**
 * The database goes away under a running server (platform/readiness.spec.ts covers `/ready` itself):
 * every way of sending fails with a clear 503, nothing unsaved is acked, the event loop stays free,
 * and the same process serves again once the database is back.
 */
interface Senders {
  readonly server: RunningServer;
  readonly user: TestUser;
  readonly socket: ChatClient;
  readonly raw: RawClient;
  readonly room: Conversation;
}

const restSend = (s: Senders, messageId: string) =>
  request(s.server.url)
    .post('/messages')
    .set('Authorization', s.user.bearer)
    .timeout(20_000)
    .send({ conversation_id: s.room.id, message_id: messageId, content: `outage ${messageId}` });

const socketSend = (s: Senders, messageId: string) =>
  s.socket
    .timeout(20_000)
    .emitWithAck('message:send', { conversation_id: s.room.id, message_id: messageId, content: `outage ${messageId}` });

/** Sends over REST, Socket.IO and /ws at once during the outage: each must be refused with SERVICE_UNAVAILABLE. */
async function expectEverySendRefused(s: Senders, tag: string): Promise<void> {
  const errorsBefore = s.raw.frames.filter((frame) => frame.type === 'error').length;
  s.raw.send({ type: 'message', message_id: `${tag}-raw`, conversation_id: s.room.id, content: `outage ${tag}-raw` });
  // Several sends queued on one conversation: each must be refused, none may wait for the ones before it to time out.
  const started = Date.now();
  const [rest, ack, ...more] = await Promise.all([
    restSend(s, `${tag}-rest`),
    socketSend(s, `${tag}-socket`),
    restSend(s, `${tag}-rest-2`),
    restSend(s, `${tag}-rest-3`),
  ]);
  expect(Date.now() - started).toBeLessThan(12_000);
  for (const response of [rest, ...more]) expectProblem(response, 503, 'SERVICE_UNAVAILABLE');
  expect(JSON.stringify(rest.body)).not.toMatch(/SQLITE|select|insert|ECONN|at \w+ \(/i);
  expect(ack).toMatchObject({ ok: false, error: { status: 503, code: 'SERVICE_UNAVAILABLE' } });
  await eventually(() => s.raw.frames.filter((frame) => frame.type === 'error').length > errorsBefore, 20_000, 'a /ws error frame');
  expect(s.raw.frames.at(-1)).toMatchObject({ type: 'error', code: 'SERVICE_UNAVAILABLE' });
}

/** After recovery the refused sends are not stored: retried with the same keys they are created (201) now, and seqs stay gap-free. */
async function expectRecoveredWithNothingHalfSaved(s: Senders, tag: string, storedBefore: number): Promise<void> {
  await restSend(s, `${tag}-rest`).expect(201);
  expect(await socketSend(s, `${tag}-socket`)).toMatchObject({ ok: true, message: { seq: storedBefore + 2 } });
  const history = await fullHistory(s.server, s.user, s.room.id);
  expectGapFree(history);
  expect(history.map((message) => message.message_id)).toEqual([
    ...history.slice(0, storedBefore).map((m) => m.message_id),
    `${tag}-rest`,
    `${tag}-socket`,
  ]);
}

async function connectSenders(server: RunningServer): Promise<Senders> {
  const [user, other] = await Promise.all([registerUser(server, 'outage'), registerUser(server, 'peer')]);
  const room = await createGroup(server, user, [other]);
  const socket = await connectSocket(server, { token: user.tokens.access_token });
  const raw = await openRaw(server, user.tokens.access_token);
  return { server, user, socket, raw, room };
}

describe('a SQLite file locked by another process', () => {
  let server: RunningServer;
  let senders: Senders;

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite' });
    senders = await connectSenders(server);
  });
  afterAll(async () => {
    closeAllSockets();
    await server.dispose();
  });

  it('refuses sends with 503 while the lock is held, keeps /health answering, and recovers when it is released', async () => {
    await restSend(senders, 'before').expect(201);
    const other = new Database(server.sqlitePath as string);
    other.exec('BEGIN EXCLUSIVE');
    try {
      await expectReadyWithin5s(server, 503);
      // While sends wait on the lock, liveness must keep answering: a synchronous busy wait would freeze the process.
      let slowestHealth = 0;
      let sending = true;
      const probing = (async () => {
        while (sending) {
          const started = Date.now();
          await request(server.url).get('/health').expect(200);
          slowestHealth = Math.max(slowestHealth, Date.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      await expectEverySendRefused(senders, 'locked').finally(() => (sending = false));
      await probing;
      expect(slowestHealth).toBeLessThan(1500);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await expectReadyWithin5s(server, 200);
    await expectRecoveredWithNothingHalfSaved(senders, 'locked', 1);
    expect(server.process.exitCode).toBeNull();
  });
});

describeWithPostgres('a PostgreSQL connection cut', () => {
  let database: ProxiedTestDatabase;
  let server: RunningServer;
  let senders: Senders;

  beforeAll(async () => {
    database = await createPostgresBehindProxy();
    server = await startServer({ env: { DATABASE_URL: database.url } });
    senders = await connectSenders(server);
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
    await database?.drop();
  });

  it('refuses sends with 503 while the database is away and serves again, in the same process, when it returns', async () => {
    await restSend(senders, 'before').expect(201);
    await database.proxy.cut();
    try {
      await expectReadyWithin5s(server, 503);
      await expectEverySendRefused(senders, 'cut');
      await request(server.url).get('/health').expect(200);
      // A device connecting now is told to come back later, not that its token is bad (which would end its session).
      await expect(connectSocket(server, { token: senders.user.tokens.access_token })).rejects.toMatchObject({
        data: { code: 'SERVICE_UNAVAILABLE' },
      });
      const lateRaw = await openRaw(server, senders.user.tokens.access_token);
      expect(await lateRaw.closed).toMatchObject({ code: 1013 });
    } finally {
      await database.proxy.restore();
    }
    await expectReadyWithin5s(server, 200);
    await expectRecoveredWithNothingHalfSaved(senders, 'cut', 1);
    expect(server.process.exitCode).toBeNull();
  });
});
