import type { Ack, Message, SyncResponse } from '@pneumatic/contracts';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { ChatClient, closeAllSockets, connectSocket, eventually } from '../support/sockets';

/**
 * The promise of SPEC 10.1, as a property: whatever interleaving of sends, edits, deletions, disconnections and
 * reconnections happens, a device that applies `message:new`, `message:updated` and `sync` as the contract says ends
 * holding exactly the server's history — no stale edit, no deleted text, no gap, no duplicate.
 */

type Command =
  | { readonly kind: 'send'; readonly byAlice: boolean; readonly count: number }
  | { readonly kind: 'edit'; readonly pick: number }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'disconnect' }
  | { readonly kind: 'reconnect' };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('send' as const), byAlice: fc.boolean(), count: fc.constant(1) }) },
  // Now and then more than a sync page (100) at once, so that paging of messages and of changes is exercised.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('send' as const), byAlice: fc.boolean(), count: fc.constant(105) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('edit' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'disconnect' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
);

/** One device of Bob's, following the contract: keep the copy of each message with the highest change_seq. */
class Device {
  readonly held = new Map<string, Message>();
  private socket: ChatClient | null = null;
  private cursor = { after_seq: 0, after_change_seq: 0 };

  constructor(
    private readonly server: RunningServer,
    private readonly user: TestUser,
    private readonly conversationId: string,
  ) {}

  get connected(): boolean {
    return this.socket !== null;
  }

  apply(messages: readonly Message[]): void {
    for (const message of messages) {
      const known = this.held.get(message.id);
      if (!known || message.change_seq > known.change_seq) this.held.set(message.id, message);
    }
  }

  async connect(): Promise<void> {
    const socket = await connectSocket(this.server, { token: this.user.tokens.access_token });
    socket.on('message:new', ({ message }) => this.apply([message]));
    socket.on('message:updated', ({ message }) => this.apply([message]));
    this.socket = socket;
    await this.catchUp();
  }

  disconnect(): void {
    this.socket?.disconnect();
    this.socket = null;
  }

  /** `sync` from what the device holds, again while anything is left (SPEC 10.1). */
  private async catchUp(): Promise<void> {
    for (;;) {
      const ack: Ack<SyncResponse> = await (this.socket as ChatClient)
        .timeout(10_000)
        .emitWithAck('sync', { conversations: [{ conversation_id: this.conversationId, ...this.cursor }] });
      if (!ack.ok) throw new Error(`sync failed: ${JSON.stringify(ack.error)}`);
      const [result] = ack.results;
      this.apply(result.messages);
      this.apply(result.changes ?? []);
      this.cursor = {
        after_seq: result.messages.at(-1)?.seq ?? this.cursor.after_seq,
        after_change_seq: result.has_more_changes ? (result.changes?.at(-1)?.change_seq ?? 0) : result.conversation.last_change_seq,
      };
      if (!result.has_more && !result.has_more_changes) return;
    }
  }

  /** Everything sent before this has reached the device once the marker has (events come in order on one socket). */
  async settle(marker: Message): Promise<void> {
    await eventually(() => this.held.has(marker.id), 10_000, 'the marker message');
  }

  /** The device's history, as the server would list it. */
  history(): Message[] {
    return [...this.held.values()].sort((a, b) => a.seq - b.seq);
  }
}

describe('catch-up after any interleaving of sends, edits, deletions and disconnects (property)', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startServer();
    [alice, bob] = await Promise.all([registerUser(server, 'alice'), registerUser(server, 'bob')]);
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  const api = (user: TestUser) => ({
    send: (conversationId: string, content: string) =>
      request(server.url)
        .post('/messages')
        .set('Authorization', user.bearer)
        .send({ conversation_id: conversationId, message_id: `p-${randomUUID()}`, content })
        .expect(201)
        .then((response) => response.body as Message),
    edit: (id: string, content: string) => request(server.url).patch(`/messages/${id}`).set('Authorization', user.bearer).send({ content }),
    delete: (id: string) => request(server.url).delete(`/messages/${id}`).set('Authorization', user.bearer),
  });

  async function serverHistory(conversationId: string): Promise<Message[]> {
    const all: Message[] = [];
    for (;;) {
      const page = await request(server.url)
        .get(`/conversations/${conversationId}/messages?limit=100&after_seq=${all.at(-1)?.seq ?? 0}`)
        .set('Authorization', bob.bearer)
        .expect(200);
      all.push(...page.body.messages);
      if (!page.body.has_more) return all;
    }
  }

  it('leaves the device holding exactly the server’s history', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 30 }), async (commands) => {
        const room = (
          await request(server.url).post('/conversations').set('Authorization', alice.bearer).send({ member_ids: [bob.user.id], is_group: true })
        ).body.id as string;
        const device = new Device(server, bob, room);
        await device.connect();
        const sent: Message[] = [];
        let edits = 0;
        for (const step of commands) {
          if (step.kind === 'send') {
            for (let i = 0; i < step.count; i++) sent.push(await api(step.byAlice ? alice : bob).send(room, `message ${sent.length}`));
          } else if ((step.kind === 'edit' || step.kind === 'delete') && sent.length > 0) {
            const target = sent[step.pick % sent.length];
            const author = target.sender_id === alice.user.id ? alice : bob;
            const answer = step.kind === 'edit' ? await api(author).edit(target.id, `edit ${++edits}`) : await api(author).delete(target.id);
            expect([200, 204, 409]).toContain(answer.status);
          } else if (step.kind === 'disconnect') {
            device.disconnect();
          } else if (step.kind === 'reconnect' && !device.connected) {
            await device.connect();
          }
        }
        if (!device.connected) await device.connect();
        await device.settle(await api(alice).send(room, 'marker'));
        expect(device.history()).toEqual(await serverHistory(room));
        device.disconnect();
      }),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 12), endOnFailure: true },
    );
  });
});
