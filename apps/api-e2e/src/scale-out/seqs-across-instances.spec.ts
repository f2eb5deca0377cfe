import type { Conversation, Message } from '@pneumatic/contracts';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { createPostgresDatabase, describeWhen, hasPostgres, hasRedis, REDIS_URL, TestDatabase } from '../support/services';
import { closeAllSockets, connectSocket, eventually, pause, record } from '../support/sockets';

const describeScaleOut = describeWhen(hasPostgres() && hasRedis(), 'needs PostgreSQL and Redis');

const SENDERS = 8;
const PER_SENDER = 20;

/**
 * Group commit on the production topology: two instances each batch the sends they get into shared transactions, all
 * into one conversation at once. Its counters must stay what SPEC promises: every message stored once, seqs 1..N with
 * no gap and no repeat, every change_seq its own; a key replayed on the other instance meanwhile is answered, not stored.
 */
describeScaleOut('one conversation hammered through two instances (PostgreSQL and Redis)', () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  let users: TestUser[];
  let room: Conversation;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: `seqs-${randomBytes(4).toString('hex')}` };
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
    users = [];
    for (let i = 0; i < SENDERS; i++) users.push(await registerUser(i % 2 === 0 ? a : b, `hammer${i}`));
    room = (
      await request(a.url)
        .post('/conversations')
        .set('Authorization', users[0].bearer)
        .send({ title: 'Hammered', member_ids: users.slice(1).map((user) => user.user.id), is_group: true })
        .expect(201)
    ).body;
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await database?.drop();
  });

  const everything = async (): Promise<Message[]> => {
    const all: Message[] = [];
    for (;;) {
      const page = await request(a.url)
        .get(`/conversations/${room.id}/messages?after_seq=${all.at(-1)?.seq ?? 0}&limit=100`)
        .set('Authorization', users[0].bearer)
        .expect(200);
      all.push(...page.body.messages);
      if (!page.body.has_more) return all;
    }
  };

  it('stores every message once, with seqs 1..N gap-free and unique change_seqs, whichever instance took it', async () => {
    const before = (await everything()).length;
    const sockets = await Promise.all(
      users.flatMap((user) => [a, b].map((server) => connectSocket(server, { token: user.tokens.access_token }))),
    );
    const observer = await connectSocket(b, { token: users[1].tokens.access_token });
    const heard = record(observer, 'message:new');

    // Every sender at once, each send through the other instance than the one before; every fifth key is sent again,
    // at the same moment, through the other instance: a replay, which must be answered with the one stored message.
    const sends = users.flatMap((user, u) =>
      Array.from({ length: PER_SENDER }, (_, i) => {
        const payload = { conversation_id: room.id, message_id: `h-${u}-${i}`, content: `message ${i} of ${user.user.username}` };
        const first = sockets[u * 2 + (i % 2)].emitWithAck('message:send', payload);
        const replay = i % 5 === 0 ? sockets[u * 2 + ((i + 1) % 2)].emitWithAck('message:send', payload) : null;
        return { key: payload.message_id, acks: replay ? [first, replay] : [first] };
      }),
    );
    const acked = await Promise.all(sends.map(async (send) => ({ key: send.key, acks: await Promise.all(send.acks) })));

    const seqOfKey = new Map<string, number>();
    for (const { key, acks } of acked) {
      for (const ack of acks) {
        if (!ack.ok) throw new Error(`${key}: ${JSON.stringify(ack.error)}`);
        // The original and its replay answer with the same stored message.
        expect(ack.message.seq).toBe(seqOfKey.get(key) ?? ack.message.seq);
        seqOfKey.set(key, ack.message.seq);
      }
    }
    const total = SENDERS * PER_SENDER;
    const stored = (await everything()).slice(before);
    expect(stored).toHaveLength(total);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => before + 1 + i));
    expect(new Set(stored.map((m) => m.message_id)).size).toBe(total);
    expect(new Set(stored.map((m) => m.change_seq)).size).toBe(total);
    for (const message of stored) expect(seqOfKey.get(message.message_id)).toBe(message.seq);
    const conversation: Conversation = (
      await request(b.url).get(`/conversations/${room.id}`).set('Authorization', users[0].bearer).expect(200)
    ).body;
    expect(conversation.last_seq).toBe(before + total);
    expect(conversation.last_change_seq).toBe(Math.max(...stored.map((m) => m.change_seq)));

    // Each message reached a member on the other side once; replays were not announced again.
    await eventually(() => heard.length >= total, 10_000, 'every message at the observer');
    await pause(300);
    expect(heard).toHaveLength(total);
    expect(new Set(heard.map((event) => event.message.seq)).size).toBe(total);
  });
});
