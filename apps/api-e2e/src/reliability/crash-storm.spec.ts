import type { Conversation, Message } from '@pneumatic/contracts';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { ChatClient, eventually } from '../support/sockets';
import { createGroup, expectGapFree, fullHistory, reconnectingSocket, syncFrom, whenConnected } from './fixtures';

const CLIENTS = 20;
const SENDS_IN_FLIGHT_PER_CLIENT = 3;
/** The server is killed once this many sends have been acknowledged: mid-storm, whatever the machine's speed. */
const ACKS_BEFORE_KILL = 300;

interface Send {
  readonly messageId: string;
  readonly conversationId: string;
  readonly content: string;
  ackedSeq?: number;
}

/** One device: what it sent (and which sends were acked) and every message it received live. */
class StormClient {
  readonly sends: Send[] = [];
  readonly live = new Map<string, Map<number, Message>>();
  liveDuplicates = 0;
  private counter = 0;

  constructor(
    readonly name: string,
    readonly user: TestUser,
    readonly socket: ChatClient,
    readonly conversations: readonly Conversation[],
  ) {
    for (const conversation of conversations) this.live.set(conversation.id, new Map());
    socket.on('message:new', ({ message }) => {
      const seen = this.live.get(message.conversation_id);
      if (!seen) return;
      if (seen.has(message.seq)) this.liveDuplicates++;
      seen.set(message.seq, message);
    });
  }

  newSend(): Send {
    const conversation = this.conversations[this.counter % this.conversations.length];
    const send = {
      messageId: `${this.name}-${this.counter}`,
      conversationId: conversation.id,
      content: `storm ${this.name} #${this.counter}`,
    };
    this.counter++;
    this.sends.push(send);
    return send;
  }

  /** One attempt; true when acked. A timeout or an error ack leaves the send unacked, to be retried with the same id. */
  async attempt(send: Send, timeoutMs = 3000): Promise<boolean> {
    const payload = { conversation_id: send.conversationId, message_id: send.messageId, content: send.content };
    const ack = await this.socket
      .timeout(timeoutMs)
      .emitWithAck('message:send', payload)
      .catch(() => null);
    if (!ack?.ok) return false;
    expect(ack.message).toMatchObject({ message_id: send.messageId, sender_id: this.user.user.id, content: send.content });
    if (send.ackedSeq !== undefined) expect(ack.message.seq).toBe(send.ackedSeq);
    send.ackedSeq = ack.message.seq;
    return true;
  }

  /** The highest seq up to which this device holds every message of the conversation. */
  contiguousSeq(conversationId: string): number {
    const seen = this.live.get(conversationId) as Map<number, Message>;
    let seq = 0;
    while (seen.has(seq + 1)) seq++;
    return seq;
  }
}

describe('a server killed with SIGKILL during a storm of sends', () => {
  let server: RunningServer;
  let restarted: RunningServer | null = null;
  let clients: StormClient[] = [];
  let everyone: Conversation;
  let groups: Conversation[];

  beforeAll(async () => {
    server = await startServer();
    const users = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => registerUser(server, `storm${i}`)));
    // Four groups of five, plus one conversation of all twenty: every device writes into two shared conversations.
    everyone = await createGroup(server, users[0], users.slice(1));
    groups = await Promise.all([0, 1, 2, 3].map((g) => createGroup(server, users[g * 5], users.slice(g * 5 + 1, g * 5 + 5))));
    clients = users.map(
      (user, i) =>
        new StormClient(`c${i}`, user, reconnectingSocket(server, user.tokens.access_token), [everyone, groups[Math.floor(i / 5)]]),
    );
    await Promise.all(clients.map((client) => whenConnected(client.socket)));
  });
  afterAll(async () => {
    for (const client of clients) client.socket.close();
    await (restarted ?? server).dispose();
  });

  it('keeps every acked message exactly once, leaves no seq gap, and lets every client sync exactly what it lacks', async () => {
    // 1. The storm, until the server dies under it.
    let stopped = false;
    const acked = () => clients.reduce((sum, client) => sum + client.sends.filter((send) => send.ackedSeq !== undefined).length, 0);
    const workers = clients.flatMap((client) =>
      Array.from({ length: SENDS_IN_FLIGHT_PER_CLIENT }, async () => {
        while (!stopped) await client.attempt(client.newSend());
      }),
    );
    await eventually(() => acked() >= ACKS_BEFORE_KILL, 60_000, `${ACKS_BEFORE_KILL} acks`);
    await server.kill();
    stopped = true;
    await Promise.all(workers);
    const ackedBeforeCrash = acked();
    const unackedBeforeCrash = clients.reduce((sum, client) => sum + client.sends.filter((send) => send.ackedSeq === undefined).length, 0);
    expect(unackedBeforeCrash).toBeGreaterThan(0);

    // 2. Restart on the same database; the clients reconnect by themselves.
    restarted = await server.restart();
    await eventually(() => clients.every((client) => client.socket.connected), 30_000, 'every client reconnected');

    // 3. Every unacked send is retried with its own message_id until acked; some acked ones are replayed
    //    (their ack must carry the original seq); and a few new messages follow.
    await Promise.all(
      clients.map(async (client) => {
        const ackedEarlier = client.sends.filter((send) => send.ackedSeq !== undefined).slice(0, 3);
        for (const send of [...client.sends.filter((s) => s.ackedSeq === undefined), ...ackedEarlier]) {
          let ok = false;
          for (let attempt = 0; attempt < 5 && !ok; attempt++) ok = await client.attempt(send, 10_000);
          expect(ok).toBe(true);
        }
        for (let i = 0; i < 2; i++) expect(await client.attempt(client.newSend(), 10_000)).toBe(true);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));

    // 4. The store: seqs 1..last with no gap, each intended send stored exactly once, acked ones at their acked seq.
    const stored = new Map<string, Message[]>();
    for (const conversation of [everyone, ...groups]) {
      const reader = clients.find((client) => client.conversations.includes(conversation)) as StormClient;
      const history = await fullHistory(restarted, reader.user, conversation.id);
      expectGapFree(history);
      stored.set(conversation.id, history);
    }
    const byKey = new Map<string, Message[]>();
    for (const message of [...stored.values()].flat()) {
      const key = `${message.sender_id}/${message.message_id}`;
      byKey.set(key, [...(byKey.get(key) ?? []), message]);
    }
    const sends = clients.flatMap((client) => client.sends.map((send) => ({ client, send })));
    for (const { client, send } of sends) {
      const copies = byKey.get(`${client.user.user.id}/${send.messageId}`) ?? [];
      expect(copies).toHaveLength(1);
      expect(copies[0]).toMatchObject({ conversation_id: send.conversationId, content: send.content, seq: send.ackedSeq });
    }
    expect(byKey.size).toBe(sends.length);

    // 5. Each device: nothing delivered live twice or that was never stored; `sync` from its last
    //    contiguous seq returns exactly the rest, so live + synced = the store.
    for (const client of clients) {
      expect(client.liveDuplicates).toBe(0);
      const cursors = client.conversations.map((conversation) => ({
        conversation_id: conversation.id,
        after_seq: client.contiguousSeq(conversation.id),
      }));
      const synced = await syncFrom(client.socket, cursors);
      for (const { conversation_id, after_seq } of cursors) {
        const history = stored.get(conversation_id) as Message[];
        const live = client.live.get(conversation_id) as Map<number, Message>;
        for (const [seq, message] of live) expect(message).toEqual(history[seq - 1]);
        expect(synced.get(conversation_id)).toEqual(history.slice(after_seq));
        const union = new Map([...live, ...(synced.get(conversation_id) as Message[]).map((m) => [m.seq, m] as const)]);
        expect(union.size).toBe(history.length);
      }
    }
    process.stdout.write(
      `crash storm: ${ackedBeforeCrash} acked and ${unackedBeforeCrash} unacked before SIGKILL; ${sends.length} messages stored once each\n`,
    );
  });
});
