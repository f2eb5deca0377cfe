import type { Conversation, Message, SyncCursor } from '@pneumatic/contracts';
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import request from 'supertest';
import type { TestUser } from '../support/client';
import type { RunningServer } from '../support/server';
import { observeSocket, type ChatClient } from '../support/sockets';

/** A group conversation of `owner` and `others`, created over REST. */
export function createGroup(server: RunningServer, owner: TestUser, others: readonly TestUser[]): Promise<Conversation> {
  return createConversation(server, owner, { member_ids: others.map((other) => other.user.id), is_group: true, title: 'reliability' });
}

/** The 1-on-1 of `owner` and `other`, created over REST. */
export function createDirect(server: RunningServer, owner: TestUser, other: TestUser): Promise<Conversation> {
  return createConversation(server, owner, { member_ids: [other.user.id] });
}

async function createConversation(server: RunningServer, owner: TestUser, body: object): Promise<Conversation> {
  const response = await request(server.url).post('/conversations').set('Authorization', owner.bearer).send(body);
  if (response.status !== 201) throw new Error(`conversation creation failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Every stored message of a conversation in seq order, read page by page over REST. */
export async function fullHistory(server: RunningServer, reader: TestUser, conversationId: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (let afterSeq = 0; ; ) {
    const response = await request(server.url)
      .get(`/conversations/${conversationId}/messages`)
      .query({ after_seq: afterSeq, limit: 100 })
      .set('Authorization', reader.bearer);
    if (response.status !== 200) throw new Error(`history failed: ${response.status} ${JSON.stringify(response.body)}`);
    messages.push(...response.body.messages);
    if (!response.body.has_more) return messages;
    afterSeq = messages[messages.length - 1].seq;
  }
}

/** Everything `sync` returns after each cursor, repeating while `has_more`. */
export async function syncFrom(socket: ChatClient, cursors: readonly SyncCursor[]): Promise<Map<string, Message[]>> {
  const found = new Map<string, Message[]>(cursors.map((cursor) => [cursor.conversation_id, []]));
  let pending = [...cursors];
  while (pending.length > 0) {
    const ack = await socket.timeout(10_000).emitWithAck('sync', { conversations: pending });
    if (!ack.ok) throw new Error(`sync failed: ${JSON.stringify(ack.error)}`);
    const next: SyncCursor[] = [];
    for (const result of ack.results) {
      const messages = found.get(result.conversation_id) as Message[];
      messages.push(...result.messages);
      if (result.has_more) next.push({ conversation_id: result.conversation_id, after_seq: messages[messages.length - 1].seq });
    }
    pending = next;
  }
  return found;
}

/** A Socket.IO client that reconnects by itself quickly, as a real app would after a server restart. */
export function reconnectingSocket(server: RunningServer, token: string): ChatClient {
  return observeSocket(
    io(server.url, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token },
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    }),
  );
}

export function whenConnected(socket: ChatClient): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve) => socket.once('connect', () => resolve()));
}

/** The resident set size of the server's process, in MiB (Linux /proc). */
export function serverRssMiB(server: RunningServer): number {
  const status = readFileSync(`/proc/${server.process.pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return Math.round(kib / 102.4) / 10;
}

/** Seqs 1..n each exactly once, in order. */
export function expectGapFree(messages: readonly Message[]): void {
  expect(messages.map((message) => message.seq)).toEqual(messages.map((_, index) => index + 1));
}
