import type { Conversation, Message } from '@pneumatic/contracts';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { ChatClient, closeAllSockets, connectSocket, eventually, pause } from '../support/sockets';
import { createGroup, expectGapFree, fullHistory, serverRssMiB } from './fixtures';

/** Short in CI; the full run is `SOAK_SECONDS=300` (see README.md beside this file). */
const SOAK_SECONDS = Number(process.env['SOAK_SECONDS'] ?? 40);
const CLIENTS = 200;
const GROUP_SIZE = 10;
/** Each client sends about once per this interval: 200 clients → ~40 messages/s in, ~400 deliveries/s out. */
const SEND_INTERVAL_MS = 5000;
/** RSS is compared with its value at the end of the warm-up, the first quarter of the run. */
const WARM_UP_FRACTION = 0.25;
/** Growth allowed after the warm-up: generous, since a leak shows as steady growth far past it over 5 minutes. */
const RSS_GROWTH_BOUND_MIB = 64;

interface Member {
  readonly user: TestUser;
  readonly socket: ChatClient;
  readonly conversations: readonly Conversation[];
  /** Per conversation, the message id received at each seq; a second delivery of a seq counts as a duplicate. */
  readonly received: Map<string, Map<number, string>>;
  acked: number;
}

describe('a soak of 200 chatting clients', () => {
  let server: RunningServer;
  let members: Member[] = [];
  let conversations: Conversation[] = [];

  beforeAll(async () => {
    server = await startServer();
    const users: TestUser[] = [];
    // In batches: two cores, and every sign-up and login runs argon2.
    for (let i = 0; i < CLIENTS; i += 20)
      users.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => registerUser(server, `soak${i + j}`)))));
    // Two partitions into groups of ten, so every client is in two groups and every group mixes both.
    const groupCount = CLIENTS / GROUP_SIZE;
    const byBlock = Array.from({ length: groupCount }, (_, g) => users.slice(g * GROUP_SIZE, (g + 1) * GROUP_SIZE));
    const byStride = Array.from({ length: groupCount }, (_, g) => users.filter((_, i) => i % groupCount === g));
    conversations = [];
    for (const group of [...byBlock, ...byStride]) conversations.push(await createGroup(server, group[0], group.slice(1)));
    const membership = new Map<string, Conversation[]>();
    [...byBlock, ...byStride].forEach((group, c) =>
      group.forEach((user) => membership.set(user.user.id, [...(membership.get(user.user.id) ?? []), conversations[c]])),
    );
    members = [];
    for (let i = 0; i < CLIENTS; i += 20) {
      members.push(
        ...(await Promise.all(
          users.slice(i, i + 20).map(async (user) => {
            const socket = await connectSocket(server, { token: user.tokens.access_token });
            const mine = membership.get(user.user.id) as Conversation[];
            return { user, socket, conversations: mine, received: new Map(mine.map((c) => [c.id, new Map<number, string>()])), acked: 0 };
          }),
        )),
      );
    }
  }, 300_000);
  afterAll(async () => {
    closeAllSockets();
    await server.dispose();
  });

  it(
    `delivers every message exactly once for ${SOAK_SECONDS} s with no error, and the server's RSS stays flat after warm-up`,
    async () => {
      const errors: unknown[] = [];
      let duplicates = 0;
      let disconnects = 0;
      for (const member of members) {
        member.socket.on('disconnect', () => disconnects++);
        member.socket.on('message:new', ({ message }: { message: Message }) => {
          const seen = member.received.get(message.conversation_id);
          if (!seen) errors.push({ unexpected: message.conversation_id });
          else if (seen.has(message.seq)) duplicates++;
          else seen.set(message.seq, message.message_id);
        });
      }

      const startRss = serverRssMiB(server);
      const started = Date.now();
      const endsAt = started + SOAK_SECONDS * 1000;
      const samples: { at: number; rss: number }[] = [];
      const sampler = setInterval(() => samples.push({ at: Date.now() - started, rss: serverRssMiB(server) }), 1000);
      const chat = async (member: Member, index: number) => {
        await pause(Math.random() * SEND_INTERVAL_MS);
        for (let n = 0; Date.now() < endsAt; n++) {
          const conversation = member.conversations[n % member.conversations.length];
          const payload = {
            conversation_id: conversation.id,
            message_id: `soak-${index}-${n}`,
            content: `message ${n} from client ${index}`,
          };
          const ack = await member.socket
            .timeout(10_000)
            .emitWithAck('message:send', payload)
            .catch((error: Error) => ({ ok: false as const, error: error.message }));
          if (ack.ok) member.acked++;
          else errors.push(ack);
          await pause(SEND_INTERVAL_MS * (0.5 + Math.random()));
        }
      };
      try {
        await Promise.all(members.map((member, index) => chat(member, index)));
      } finally {
        clearInterval(sampler);
      }

      // Every member device holds exactly the stored messages of its conversations.
      const histories = new Map<string, Message[]>();
      for (const conversation of conversations) {
        const reader = members.find((member) => member.conversations.includes(conversation)) as Member;
        const history = await fullHistory(server, reader.user, conversation.id);
        expectGapFree(history);
        histories.set(conversation.id, history);
      }
      const stored = [...histories.values()].reduce((sum, history) => sum + history.length, 0);
      const deliveries = () => members.reduce((sum, m) => sum + [...m.received.values()].reduce((s, seen) => s + seen.size, 0), 0);
      const expectedDeliveries = stored * GROUP_SIZE;
      await eventually(() => deliveries() >= expectedDeliveries, 30_000, 'every delivery');
      for (const member of members) {
        for (const conversation of member.conversations) {
          const history = histories.get(conversation.id) as Message[];
          expect([...(member.received.get(conversation.id) as Map<number, string>).entries()].sort(([a], [b]) => a - b)).toEqual(
            history.map((message) => [message.seq, message.message_id]),
          );
        }
      }

      const warmUpEnd = SOAK_SECONDS * 1000 * WARM_UP_FRACTION;
      const afterWarmUp = samples.filter((sample) => sample.at >= warmUpEnd);
      const warmRss = afterWarmUp[0]?.rss ?? startRss;
      const peakRss = Math.max(...afterWarmUp.map((sample) => sample.rss));
      const endRss = serverRssMiB(server);
      const acked = members.reduce((sum, member) => sum + member.acked, 0);
      process.stdout.write(
        `soak: ${CLIENTS} clients, ${SOAK_SECONDS} s, ${acked} messages acked, ${stored} stored, ${deliveries()} deliveries, ` +
          `${errors.length} errors, ${duplicates} duplicates, ${disconnects} disconnects; ` +
          `RSS start ${startRss} MiB, after warm-up ${warmRss} MiB, peak ${peakRss} MiB, end ${endRss} MiB\n`,
      );
      expect(errors).toEqual([]);
      expect(duplicates).toBe(0);
      expect(disconnects).toBe(0);
      expect(acked).toBe(stored);
      expect(deliveries()).toBe(expectedDeliveries);
      expect(endRss - warmRss).toBeLessThan(RSS_GROWTH_BOUND_MIB);
      expect(peakRss - warmRss).toBeLessThan(RSS_GROWTH_BOUND_MIB * 1.5);
    },
    SOAK_SECONDS * 1000 + 120_000,
  );
});
