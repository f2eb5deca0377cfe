import type { Conversation } from '@pneumatic/contracts';
import Database from 'better-sqlite3';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { ChatClient, closeAllSockets, connectSocket, pause } from '../support/sockets';
import { createGroup, expectGapFree, fullHistory } from './fixtures';

const SOCKET_WRITERS = 12;
const SENDS_PER_SOCKET = 40;
const REST_WRITERS = 6;
const SENDS_PER_REST_WRITER = 20;

/** Anything a client got back that was not a success, with what it said: there must be none. */
type Failure = { readonly via: string; readonly answer: unknown };

/**
 * Many writers at once on one SQLite file — Socket.IO and REST on two server processes sharing the file,
 * plus a third process that keeps taking the write lock — and no client ever hears "database is locked".
 */
describe('concurrent writers on one database', () => {
  let server: RunningServer;
  let second: RunningServer | null = null;

  beforeAll(async () => {
    server = await startServer();
    // On SQLite, a second server process on the same file: two writers that only the file lock keeps apart.
    if (server.sqlitePath) second = await startServer({ env: { SQLITE_PATH: server.sqlitePath } });
  });
  afterAll(async () => {
    closeAllSockets();
    await second?.dispose();
    await server.dispose();
  });

  it('acks every write and keeps every conversation gap-free', async () => {
    const servers = second ? [server, second] : [server];
    const users = await Promise.all(Array.from({ length: SOCKET_WRITERS }, (_, i) => registerUser(server, `writer${i}`)));
    const rooms = await Promise.all([0, 1].map(() => createGroup(server, users[0], users.slice(1))));
    const sockets = await Promise.all(
      users.map((user, i) => connectSocket(servers[i % servers.length], { token: user.tokens.access_token })),
    );
    const failures: Failure[] = [];
    let writing = true;

    const socketWriter = async (socket: ChatClient, user: TestUser, w: number) => {
      for (let i = 0; i < SENDS_PER_SOCKET; i++) {
        const room = rooms[i % 2];
        const ack = await socket
          .timeout(30_000)
          .emitWithAck('message:send', { conversation_id: room.id, message_id: `s${w}-${i}`, content: `socket ${w} ${i}` })
          .catch((error: Error) => ({ ok: false as const, error: error.message }));
        if (!ack.ok) failures.push({ via: 'socket send', answer: ack });
        if (i % 10 === 9) {
          const read = await socket.timeout(30_000).emitWithAck('read', { conversation_id: room.id, seq: 1 });
          if (!read.ok) failures.push({ via: 'socket read', answer: read });
        }
      }
    };
    const restWriter = async (target: RunningServer, user: TestUser, w: number) => {
      for (let i = 0; i < SENDS_PER_REST_WRITER; i++) {
        const room: Conversation = rooms[i % 2];
        const sent = await request(target.url)
          .post('/messages')
          .set('Authorization', user.bearer)
          .send({ conversation_id: room.id, message_id: `r${w}-${i}`, content: `rest ${w} ${i}` });
        if (sent.status !== 201) failures.push({ via: 'REST send', answer: sent.body });
        if (i % 5 === 4) {
          const read = await request(target.url).post(`/conversations/${room.id}/read`).set('Authorization', user.bearer).send({ seq: 1 });
          if (read.status >= 300) failures.push({ via: 'REST read', answer: read.body });
          const refreshed = await request(target.url)
            .post('/auth/refresh')
            .send({ refresh_token: (await login(target, user)).refresh_token });
          if (refreshed.status !== 200) failures.push({ via: 'REST refresh', answer: refreshed.body });
        }
      }
    };
    // A third process that keeps taking the write lock for a while, as a backup or admin tool would.
    const lockHog = async () => {
      if (!server.sqlitePath) return;
      const other = new Database(server.sqlitePath);
      try {
        while (writing) {
          other.exec('BEGIN IMMEDIATE');
          await pause(150);
          other.exec('COMMIT');
          await pause(150);
        }
      } finally {
        other.close();
      }
    };

    const hog = lockHog();
    await Promise.all([
      ...sockets.map((socket, w) => socketWriter(socket, users[w], w)),
      ...Array.from({ length: REST_WRITERS }, (_, w) => restWriter(servers[w % servers.length], users[w], w)),
      // Sign-ups write too (users and their first refresh token).
      ...Array.from({ length: 3 }, (_, i) => registerUser(servers[i % servers.length], 'late')),
    ]).finally(() => (writing = false));
    await hog;

    expect(failures).toEqual([]);
    const expected = (SOCKET_WRITERS * SENDS_PER_SOCKET + REST_WRITERS * SENDS_PER_REST_WRITER) / 2;
    for (const room of rooms) {
      const history = await fullHistory(server, users[0], room.id);
      expectGapFree(history);
      expect(history).toHaveLength(expected);
      expect(new Set(history.map((message) => `${message.sender_id}/${message.message_id}`)).size).toBe(expected);
    }
    for (const running of servers) expect(running.output.join('\n')).not.toMatch(/database is locked|SQLITE_BUSY/);
  });
});

async function login(server: RunningServer, user: TestUser): Promise<{ refresh_token: string }> {
  const response = await request(server.url).post('/auth/login').send({ username: user.user.username, password: user.password });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return response.body;
}
