import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Conversation, Message, SendMessagePayload, SyncPayload, SyncResponse } from '@pneumatic/contracts';
import { conversation, message } from '../../testing/factories';
import { FakeSocket, settle } from '../../testing/fake-socket';
import { ALICE, signedInTestBed } from '../../testing/signed-in';
import { ChatStore } from './chat-store';

const seqsOf = (messages: readonly Message[]) => messages.map((m) => m.seq);
const idsOf = (messages: readonly Message[]) => messages.map((m) => m.id);
const range = (conversationId: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => message(conversationId, from + i));

describe('ChatStore', () => {
  let http: HttpTestingController;
  let sockets: FakeSocket[];
  let store: ChatStore;
  let syncRequests: SyncPayload[];
  let syncAnswers: SyncResponse[];

  const socket = () => sockets[0];

  beforeEach(async () => {
    ({ http, sockets } = await signedInTestBed());
    store = TestBed.inject(ChatStore);
    syncRequests = [];
    syncAnswers = [];
  });

  afterEach(() => {
    jest.useRealTimers();
    http.verify();
  });

  /** Starts the store with these conversations on the server and the socket connected (first sync answered empty). */
  async function started(conversations: Conversation[]): Promise<void> {
    store.start();
    await settle();
    http.expectOne('/conversations').flush({ conversations });
    await settle();
    // The people directory loads to name the members (Bob is not among the users: he stays unnamed, once).
    for (const request of http.match('/users?limit=100')) request.flush({ users: [] });
    expect(sockets).toHaveLength(1);
    socket().answers.sync = (payload) => {
      syncRequests.push(payload as SyncPayload);
      return { ok: true, ...(syncAnswers.shift() ?? { results: [], conversations: [] }) };
    };
    socket().accept();
    await settle(20);
  }

  async function opened(id: string, page: Message[], hasMore = false): Promise<void> {
    store.open(id);
    await settle();
    http.expectOne(`/conversations/${id}/messages?limit=50`).flush({ messages: page, has_more: hasMore });
    await settle();
  }

  it('loads the list, then connects and catches up from what it holds', async () => {
    const c1 = conversation('c1', { last_seq: 3, updated_at: '2026-11-25T11:00:03.000Z' });
    const c2 = conversation('c2', { last_seq: 9, updated_at: '2026-11-25T11:00:09.000Z' });
    syncAnswers.push({
      results: [
        { conversation_id: 'c1', messages: [message('c1', 4)], has_more: false },
        { conversation_id: 'c2', messages: [], has_more: false },
      ],
      conversations: [conversation('c3', { title: 'New group', is_group: true, updated_at: '2026-11-25T10:00:00.000Z' })],
    });
    await started([c2, c1]);

    expect(syncRequests[0]).toEqual({
      conversations: [
        { conversation_id: 'c2', after_seq: 9 },
        { conversation_id: 'c1', after_seq: 3 },
      ],
    });
    expect(store.conversations().map((c) => c.id)).toEqual(['c1', 'c2', 'c3']); // c1's new message makes it the latest
    expect(store.conversations()[0]).toMatchObject({ last_seq: 4, unread_count: 1 });
    expect(store.status()).toBe('ready');
  });

  it('after a reconnect, syncs from the last message held (repeating while there is more) and shows each message once', async () => {
    await started([conversation('c1', { last_seq: 3 })]);
    await opened('c1', range('c1', 1, 3));
    socket().push('message:new', { message: message('c1', 4) });
    expect(seqsOf(store.activeTimeline().messages)).toEqual([1, 2, 3, 4]);

    socket().drop('transport close');
    expect(store.connection()).toBe('reconnecting');
    syncAnswers.push(
      { results: [{ conversation_id: 'c1', messages: range('c1', 4, 6), has_more: true }], conversations: [] },
      { results: [{ conversation_id: 'c1', messages: range('c1', 7, 7), has_more: false }], conversations: [] },
    );
    socket().accept();
    await settle(30);
    socket().push('message:new', { message: message('c1', 7) }); // a late live copy of a synced message

    expect(syncRequests.slice(1)).toEqual([
      { conversations: [{ conversation_id: 'c1', after_seq: 4 }] },
      { conversations: [{ conversation_id: 'c1', after_seq: 6 }] },
    ]);
    expect(idsOf(store.activeTimeline().messages)).toEqual(idsOf(range('c1', 1, 7)));
    expect(store.conversations()[0]).toMatchObject({ last_seq: 7, unread_count: 0 }); // being read
  });

  it('tries the catch-up again a little later when the server refuses it', async () => {
    await started([conversation('c1', { last_seq: 3 })]);
    await opened('c1', range('c1', 1, 3));
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    socket().drop('transport close');
    let refuse = true;
    socket().answers.sync = (payload) => {
      syncRequests.push(payload as SyncPayload);
      if (refuse) return { ok: false, error: { status: 429, detail: 'Too many requests', code: 'RATE_LIMITED' } };
      return { ok: true, results: [{ conversation_id: 'c1', messages: range('c1', 4, 4), has_more: false }], conversations: [] };
    };
    socket().accept();
    await jest.advanceTimersByTimeAsync(0);
    expect(syncRequests).toHaveLength(2);
    refuse = false;
    await jest.advanceTimersByTimeAsync(3_000);
    expect(syncRequests).toHaveLength(3);
    expect(seqsOf(store.activeTimeline().messages)).toEqual([1, 2, 3, 4]);
  });

  it('fetches a missed message when a live one arrives after a gap', async () => {
    await started([conversation('c1', { last_seq: 3 })]);
    await opened('c1', range('c1', 1, 3));
    syncAnswers.push({ results: [{ conversation_id: 'c1', messages: range('c1', 4, 5), has_more: false }], conversations: [] });
    socket().push('message:new', { message: message('c1', 5) });
    await settle(20);
    expect(syncRequests.at(-1)).toEqual({ conversations: [{ conversation_id: 'c1', after_seq: 3 }] });
    expect(seqsOf(store.activeTimeline().messages)).toEqual([1, 2, 3, 4, 5]);
  });

  it('fetches a conversation it did not know when its first message arrives, and puts it on top', async () => {
    await started([conversation('c1', { last_seq: 1, updated_at: '2026-11-25T11:00:00.000Z' })]);
    const first = message('c9', 1, { created_at: '2026-11-25T12:00:00.000Z' });
    socket().push('message:new', { message: first });
    socket().push('message:new', { message: first });
    await settle();
    http
      .expectOne('/conversations/c9')
      .flush(conversation('c9', { last_seq: 1, unread_count: 1, last_message: first, updated_at: first.created_at }));
    await settle();
    expect(store.conversations().map((c) => [c.id, c.unread_count])).toEqual([
      ['c9', 1],
      ['c1', 0],
    ]);
  });

  it('adds conversations announced live, once', async () => {
    await started([]);
    const group = conversation('g1', { is_group: true, title: 'Team' });
    socket().push('conversation:new', { conversation: group });
    socket().push('conversation:new', { conversation: group });
    expect(store.conversations()).toEqual([group]);
    await settle();
    http.expectOne('/users?limit=100').flush({ users: [{ id: 'u-bob', username: 'bob', full_name: null }] }); // to name Bob
  });

  it('counts unread messages in other conversations, and clears them when the conversation is opened', async () => {
    await started([conversation('c1', { last_seq: 2 }), conversation('c2', { last_seq: 0 })]);
    await opened('c2', []);
    socket().push('message:new', { message: message('c1', 3) });
    socket().push('message:new', { message: message('c2', 1) });
    expect(store.conversations().find((c) => c.id === 'c1')?.unread_count).toBe(1);
    expect(store.conversations().find((c) => c.id === 'c2')?.unread_count).toBe(0);
    expect(store.unreadTotal()).toBe(1);
    await opened('c1', range('c1', 1, 3));
    expect(store.unreadTotal()).toBe(0);
  });

  it('loads older pages before the first message held', async () => {
    await started([conversation('c1', { last_seq: 60 })]);
    await opened('c1', range('c1', 11, 60), true);
    expect(store.activeTimeline().hasOlder).toBe(true);
    void store.loadOlder('c1');
    await settle();
    http.expectOne('/conversations/c1/messages?limit=50&before_seq=11').flush({ messages: range('c1', 1, 10), has_more: false });
    await settle();
    expect(seqsOf(store.activeTimeline().messages)).toEqual(seqsOf(range('c1', 1, 60)));
    expect(store.activeTimeline().hasOlder).toBe(false);
  });

  it('shows an own message as pending, then once in seq order when both the ack and the live copy arrive', async () => {
    await started([conversation('c1', { last_seq: 1 })]);
    await opened('c1', range('c1', 1, 1));
    let ack: () => void = () => undefined;
    let sent: Message | undefined;
    socket().answers['message:send'] = (payload) => {
      const p = payload as SendMessagePayload;
      sent = message('c1', 2, { sender_id: ALICE.id, message_id: p.message_id, content: p.content });
      return new Promise((resolve) => (ack = () => resolve({ ok: true, message: sent })));
    };
    store.send('c1', 'hi Bob');
    expect(store.activePending()).toEqual([expect.objectContaining({ content: 'hi Bob', status: 'sending' })]);
    await settle();

    socket().push('message:new', { message: sent });
    ack();
    await settle();
    expect(store.activePending()).toEqual([]);
    expect(idsOf(store.activeTimeline().messages)).toEqual(['c1-m1', 'c1-m2']);
    expect(store.activeConversation()).toMatchObject({ last_seq: 2, last_message: { content: 'hi Bob' } });
  });

  it('retries messages that failed while offline once it has caught up after reconnecting', async () => {
    await started([conversation('c1', { last_seq: 0 })]);
    await opened('c1', []);
    socket().drop('transport close');
    store.send('c1', 'sent while offline');
    await settle();
    http.expectOne('/messages').error(new ProgressEvent('error'), { status: 0 });
    await settle();
    expect(store.activePending()[0]).toMatchObject({ status: 'failed' });

    socket().answers['message:send'] = (payload) => {
      const p = payload as SendMessagePayload;
      return { ok: true, message: message('c1', 1, { sender_id: ALICE.id, message_id: p.message_id, content: p.content }) };
    };
    socket().accept();
    await settle(30);
    expect(store.activePending()).toEqual([]);
    expect(store.activeTimeline().messages.map((m) => m.content)).toEqual(['sent while offline']);
  });

  it('says why a conversation cannot be shown', async () => {
    await started([]);
    store.open('nope');
    await settle();
    http
      .expectOne('/conversations/nope')
      .flush({ status: 404, detail: 'Conversation not found', code: 'NOT_FOUND' }, { status: 404, statusText: 'Not Found' });
    http
      .expectOne('/conversations/nope/messages?limit=50')
      .flush({ status: 404, detail: 'Conversation not found', code: 'NOT_FOUND' }, { status: 404, statusText: 'Not Found' });
    await settle();
    expect(store.missing()).toEqual({ id: 'nope', reason: 'Conversation not found' });
  });

  it('loads the history of the open conversation again once the connection is back', async () => {
    await started([conversation('c1', { last_seq: 2 })]);
    socket().drop('transport close');
    store.open('c1');
    await settle();
    http.expectOne('/conversations/c1/messages?limit=50').error(new ProgressEvent('error'), { status: 0 });
    await settle();
    expect(store.missing()).toEqual({ id: 'c1', reason: 'Cannot reach the server. Check your connection and try again.' });

    socket().accept();
    await settle(30);
    expect(store.missing()).toBeNull();
    http.expectOne('/conversations/c1/messages?limit=50').flush({ messages: range('c1', 1, 2), has_more: false });
    await settle();
    expect(seqsOf(store.activeTimeline().messages)).toEqual([1, 2]);
  });

  it('forgets everything and disconnects when stopped', async () => {
    await started([conversation('c1')]);
    store.stop();
    expect(store.conversations()).toEqual([]);
    expect(store.connection()).toBe('idle');
    expect(socket().active).toBe(false);
  });
});
