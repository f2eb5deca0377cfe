import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Conversation, Message, ReadPayload, SendMessagePayload, SyncPayload, SyncResponse, SyncResult } from '@pneumatic/contracts';
import { conversation, message } from '../../testing/factories';
import { FakeSocket, settle } from '../../testing/fake-socket';
import { ALICE, signedInTestBed } from '../../testing/signed-in';
import { ChatStore } from './chat-store';
import { Presence } from './presence';
import { UsersDirectory } from './users-directory';
import { READ_MARKER_DELAY_MS } from './read-markers';

const seqsOf = (messages: readonly Message[]) => messages.map((m) => m.seq);
const idsOf = (messages: readonly Message[]) => messages.map((m) => m.id);
/** One conversation's part of a sync answer, with the conversation as the server read it (its newest seq held). */
const syncResult = (conversationId: string, messages: readonly Message[], hasMore: boolean): SyncResult => ({
  conversation_id: conversationId,
  messages,
  has_more: hasMore,
  conversation: conversation(
    conversationId,
    messages.length ? { last_seq: messages.at(-1)?.seq, last_message: messages.at(-1), updated_at: messages.at(-1)?.created_at } : {},
  ),
});
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
    window.dispatchEvent(new Event('focus')); // the person is at the window (jsdom starts without focus)
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
    // The members are looked up by id to be named (Bob is not found: he stays unnamed, once).
    for (const request of http.match((r) => r.url === '/users')) request.flush({ users: [] });
    expect(sockets).toHaveLength(1);
    socket().answers.sync = (payload) => {
      syncRequests.push(payload as SyncPayload);
      return { ok: true, ...(syncAnswers.shift() ?? { results: [], conversations: [], removed: [] }) };
    };
    socket().accept();
    await settle(20);
  }

  /** After a reconnection the members' presence is looked up again (events were missed meanwhile). */
  function answerPresenceLookup(): void {
    const lookups = http.match((request) => request.url === '/users');
    expect(lookups.map((request) => request.request.params.get('ids'))).toEqual(['u-bob']);
    for (const request of lookups)
      request.flush({ users: [{ id: 'u-bob', username: 'bob', full_name: null, online: true, last_seen: null }] });
  }

  async function opened(id: string, page: Message[], hasMore = false): Promise<void> {
    store.open(id);
    await settle();
    http.expectOne(`/conversations/${id}/messages?limit=50`).flush({ messages: page, has_more: hasMore });
    await settle();
  }

  it('loads the list, then connects and catches up from what it holds', async () => {
    const c1 = conversation('c1', { last_seq: 3, last_read_seq: 3, updated_at: '2026-11-25T11:00:03.000Z' });
    const c2 = conversation('c2', { last_seq: 9, updated_at: '2026-11-25T11:00:09.000Z' });
    syncAnswers.push({
      results: [syncResult('c1', [message('c1', 4)], false), syncResult('c2', [], false)],
      conversations: [conversation('c3', { title: 'New group', is_group: true, updated_at: '2026-11-25T10:00:00.000Z' })],
      removed: [],
    });
    await started([c2, c1]);
    http.expectOne('/users?ids=u-bob').flush({ users: [] }); // the members of the new conversation c3

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
      { results: [syncResult('c1', range('c1', 4, 6), true)], conversations: [], removed: [] },
      { results: [syncResult('c1', range('c1', 7, 7), false)], conversations: [], removed: [] },
    );
    socket().accept();
    await settle(30);
    answerPresenceLookup();
    await settle();
    expect(TestBed.inject(Presence).of('u-bob')).toEqual({ online: true, last_seen: null });
    socket().push('message:new', { message: message('c1', 7) }); // a late live copy of a synced message

    expect(syncRequests.slice(1)).toEqual([
      { conversations: [{ conversation_id: 'c1', after_seq: 4, after_change_seq: 4 }] },
      { conversations: [{ conversation_id: 'c1', after_seq: 6, after_change_seq: 6 }] },
    ]);
    expect(idsOf(store.activeTimeline().messages)).toEqual(idsOf(range('c1', 1, 7)));
    expect(store.conversations()[0]).toMatchObject({ last_seq: 7, unread_count: 7 });
    store.setVisibleSeq('c1', 7); // on screen: read
    expect(store.conversations()[0]).toMatchObject({ last_seq: 7, unread_count: 0 });
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
      return { ok: true, results: [syncResult('c1', range('c1', 4, 4), false)], conversations: [], removed: [] };
    };
    socket().accept();
    await jest.advanceTimersByTimeAsync(0);
    expect(syncRequests).toHaveLength(2);
    refuse = false;
    await jest.advanceTimersByTimeAsync(3_000);
    expect(syncRequests).toHaveLength(3);
    expect(seqsOf(store.activeTimeline().messages)).toEqual([1, 2, 3, 4]);
    answerPresenceLookup();
  });

  it('fetches a missed message when a live one arrives after a gap', async () => {
    await started([conversation('c1', { last_seq: 3 })]);
    await opened('c1', range('c1', 1, 3));
    syncAnswers.push({ results: [syncResult('c1', range('c1', 4, 5), false)], conversations: [], removed: [] });
    socket().push('message:new', { message: message('c1', 5) });
    await settle(20);
    expect(syncRequests.at(-1)).toEqual({ conversations: [{ conversation_id: 'c1', after_seq: 3, after_change_seq: 3 }] });
    expect(seqsOf(store.activeTimeline().messages)).toEqual([1, 2, 3, 4, 5]);
  });

  it('shows edits and deletions live, in the history and the preview, and ignores an older copy arriving late', async () => {
    await started([conversation('c1', { last_seq: 2, last_message: message('c1', 2) })]);
    await opened('c1', range('c1', 1, 2));
    const edited = message('c1', 1, { change_seq: 3, content: 'edited', edited_at: '2026-11-25T13:00:00.000Z' });
    const deleted = message('c1', 2, { change_seq: 4, content: '', deleted_at: '2026-11-25T13:00:01.000Z' });
    socket().push('message:updated', { message: edited });
    socket().push('message:updated', { message: deleted });
    socket().push('message:new', { message: message('c1', 1) }); // a late copy from before the edit
    expect(store.activeTimeline().messages).toEqual([edited, deleted]);
    expect(store.conversations()[0].last_message).toEqual(deleted);
  });

  it('counts mentions of the user live, and tells once of an edit that newly mentions them', async () => {
    const told: Message[] = [];
    store.newlyMentioned$.subscribe((mentioned) => told.push(mentioned));
    const members = ['u-alice', 'u-bob', 'u-carol'];
    await started([conversation('g1', { is_group: true, members, last_seq: 1, unread_count: 1, last_message: message('g1', 1) })]);
    const mentioning = (changeSeq: number, content: string) =>
      message('g1', 1, { change_seq: changeSeq, content, edited_at: '2026-11-25T13:00:00.000Z', mentions: ['u-alice'] });
    socket().push('message:updated', { message: mentioning(2, '@alice look') });
    expect(told.map((mentioned) => mentioned.content)).toEqual(['@alice look']);
    expect(store.conversations()[0]).toMatchObject({ unread_count: 1, unread_mentions: 1 });
    socket().push('message:updated', { message: mentioning(3, '@alice look!') });
    expect(told).toHaveLength(1);
    socket().push('message:new', { message: message('g1', 2, { mentions: ['u-carol', 'u-alice'] }) });
    expect(store.conversations()[0]).toMatchObject({ unread_count: 2, unread_mentions: 2 });
    // An edit that drops the mention of a copy held (here the preview's) uncounts it.
    socket().push('message:updated', { message: message('g1', 2, { change_seq: 5, content: 'nobody', mentions: [] }) });
    expect(store.conversations()[0]).toMatchObject({ unread_count: 2, unread_mentions: 1 });
  });

  it('asks sync for the changes of the history it holds, from the last change it has, and applies them', async () => {
    await started([conversation('c1', { last_seq: 2 }), conversation('c2', { last_seq: 5 })]);
    await opened('c1', range('c1', 1, 2));
    socket().push('message:updated', { message: message('c1', 1, { change_seq: 3, content: 'seen live' }) });
    socket().drop('transport close');
    const changed = message('c1', 2, { change_seq: 5, content: 'edited while away', edited_at: '2026-11-25T13:00:00.000Z' });
    syncAnswers.push({
      results: [
        {
          ...syncResult('c1', [], false),
          conversation: conversation('c1', { last_seq: 2, last_change_seq: 5 }),
          changes: [changed],
          has_more_changes: false,
        },
        syncResult('c2', [], false),
      ],
      conversations: [],
      removed: [],
    });
    socket().accept();
    await settle(30);
    answerPresenceLookup();
    // c2's history was never opened: only its preview matters, and that comes with the answer.
    expect(syncRequests.at(-1)).toEqual({
      conversations: [
        { conversation_id: 'c1', after_seq: 2, after_change_seq: 3 },
        { conversation_id: 'c2', after_seq: 5 },
      ],
    });
    expect(store.activeTimeline().messages.map((m) => m.content)).toEqual(['seen live', 'edited while away']);
  });

  it('forgets conversations sync says the user is no longer in, and says so when one is open', async () => {
    await started([conversation('c1', { last_seq: 1 })]);
    await opened('c1', range('c1', 1, 1));
    socket().drop('transport close');
    syncAnswers.push({ results: [], conversations: [], removed: ['c1'] });
    socket().accept();
    await settle(30);
    expect(store.conversations()).toEqual([]);
    expect(store.missing()).toEqual({ id: 'c1', reason: 'You are no longer in this conversation.' });
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
    http.expectOne('/users?ids=u-bob').flush({ users: [] }); // who is in it, and whether they are online
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
    // Bob is named, and whether he is online is asked afresh: nobody told this tab of him before.
    http.expectOne('/users?ids=u-bob').flush({ users: [{ id: 'u-bob', username: 'bob', full_name: null, online: true, last_seen: null }] });
    await settle();
    expect(TestBed.inject(Presence).of('u-bob')?.online).toBe(true);
  });

  it('takes in a group that changed (members, admins, title), and forgets one the user was removed from, open or not', async () => {
    const group = conversation('g1', { is_group: true, title: 'Team', members: ['u-alice', 'u-bob'], admins: ['u-alice'] });
    await started([group, conversation('c1')]);
    const renamed = { ...group, title: 'Dream team', members: ['u-alice', 'u-bob', 'u-carol'], admins: ['u-alice', 'u-bob'] };
    socket().push('conversation:updated', { conversation: renamed });
    await settle();
    for (const request of http.match((r) => r.url === '/users')) request.flush({ users: [] });
    expect(store.conversations().find((c) => c.id === 'g1')).toMatchObject({ title: 'Dream team', admins: ['u-alice', 'u-bob'] });

    await opened('g1', []);
    socket().push('conversation:removed', { conversation_id: 'g1' });
    expect(store.conversations().map((c) => c.id)).toEqual(['c1']);
    expect(store.missing()).toEqual({ id: 'g1', reason: 'You are no longer in this conversation.' });
    socket().push('conversation:removed', { conversation_id: 'c1' });
    expect(store.conversations()).toEqual([]);
  });

  it('names people who sign up at once, and tells the lists of people on screen', async () => {
    await started([]);
    const directory = TestBed.inject(UsersDirectory);
    const heard: unknown[] = [];
    directory.newcomers$.subscribe((user) => heard.push(user));
    const dora = { id: 'u-dora', username: 'dora', full_name: 'Dora Explorer' };
    socket().push('user:new', { user: dora });
    expect(directory.byId().get('u-dora')).toEqual(dora);
    expect(heard).toEqual([dora]);
    http.expectNone((request) => request.url === '/users');
  });

  it('counts unread messages in other conversations, and clears them when the conversation is opened', async () => {
    await started([conversation('c1', { last_seq: 2, last_read_seq: 2 }), conversation('c2', { last_seq: 0 })]);
    await opened('c2', []);
    socket().push('message:new', { message: message('c1', 3) });
    socket().push('message:new', { message: message('c2', 1) });
    store.setVisibleSeq('c2', 1); // the open one shows it
    store.setVisibleSeq('c1', 3); // a view of another conversation has no say
    expect(store.conversations().find((c) => c.id === 'c1')?.unread_count).toBe(1);
    expect(store.conversations().find((c) => c.id === 'c2')?.unread_count).toBe(0);
    expect(store.unreadTotal()).toBe(1);
    store.open('c1');
    await settle();
    // It opens at its first unread message, and it is read once the view shows it.
    http.expectOne('/conversations/c1/messages?limit=50&after_seq=2').flush({ messages: range('c1', 3, 3), has_more: false });
    await settle();
    expect(store.activeFirstUnread()).toBe(3);
    expect(store.unreadTotal()).toBe(1);
    store.setVisibleSeq('c1', 3);
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
    answerPresenceLookup();
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
    await settle();
    expect(store.missing()).toEqual({ id: 'nope', reason: 'Conversation not found' });
    http.expectNone('/conversations/nope/messages?limit=50'); // where to open it depends on the conversation
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
    answerPresenceLookup();
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

  describe('read markers, typing and presence', () => {
    let reads: ReadPayload[];

    async function startedReading(conversations: Conversation[]): Promise<void> {
      await started(conversations);
      reads = [];
      socket().answers.read = (payload) => {
        reads.push(payload as ReadPayload);
        return { ok: true, seq: (payload as ReadPayload).seq };
      };
    }

    const markerDelay = () => new Promise((resolve) => setTimeout(resolve, READ_MARKER_DELAY_MS + 50));
    const unread = (id: string) => store.conversations().find((c) => c.id === id)?.unread_count;

    it('tells the server what the user has seen on screen, once per move, and nothing while they are not looking', async () => {
      await startedReading([conversation('c1', { last_seq: 3 })]);
      await opened('c1', range('c1', 1, 3));
      store.setVisibleSeq('c1', 3);
      expect(unread('c1')).toBe(0);
      await markerDelay();
      expect(reads).toEqual([{ conversation_id: 'c1', seq: 3 }]);

      socket().push('message:new', { message: message('c1', 4) }); // arrives below the view: not seen yet
      expect(unread('c1')).toBe(1);
      window.dispatchEvent(new Event('blur'));
      store.setVisibleSeq('c1', 4); // on screen, but the window is in the background
      socket().push('message:new', { message: message('c1', 5) });
      store.setVisibleSeq('c1', 5);
      await markerDelay();
      expect(unread('c1')).toBe(2);
      expect(reads).toHaveLength(1);

      window.dispatchEvent(new Event('focus'));
      expect(unread('c1')).toBe(0);
      await markerDelay();
      expect(reads).toEqual([
        { conversation_id: 'c1', seq: 3 },
        { conversation_id: 'c1', seq: 5 },
      ]);
    });

    it('opens a long unread stretch at its first message and reads it only as far as it is shown', async () => {
      await startedReading([conversation('c1', { last_seq: 130, last_read_seq: 10, unread_count: 120 })]);
      store.open('c1');
      await settle();
      http.expectOne('/conversations/c1/messages?limit=50&after_seq=10').flush({ messages: range('c1', 11, 60), has_more: true });
      await settle();
      expect(store.activeFirstUnread()).toBe(11);
      expect(store.activeTimeline()).toMatchObject({ hasOlder: true, hasNewer: true });
      store.setVisibleSeq('c1', 18);
      await markerDelay();
      expect(reads).toEqual([{ conversation_id: 'c1', seq: 18 }]);
      expect(unread('c1')).toBe(112);

      // A live message beyond the window only counts; the window grows page by page towards it.
      socket().push('message:new', { message: message('c1', 131) });
      expect(seqsOf(store.activeTimeline().messages).at(-1)).toBe(60);
      expect(unread('c1')).toBe(113);
      void store.loadNewer('c1');
      await settle();
      http.expectOne('/conversations/c1/messages?limit=50&after_seq=60').flush({ messages: range('c1', 61, 110), has_more: true });
      await settle();
      void store.loadNewer('c1');
      await settle();
      http.expectOne('/conversations/c1/messages?limit=50&after_seq=110').flush({ messages: range('c1', 111, 131), has_more: false });
      await settle();
      expect(seqsOf(store.activeTimeline().messages)).toEqual(seqsOf(range('c1', 11, 131)));
      expect(store.activeTimeline().hasNewer).toBe(false);
      socket().push('message:new', { message: message('c1', 132) }); // now it reaches the newest: live ones join
      expect(seqsOf(store.activeTimeline().messages).at(-1)).toBe(132);
    });

    it('jumps to the latest with a window of its own, and back to the first unread', async () => {
      await startedReading([conversation('c1', { last_seq: 200, last_read_seq: 10, unread_count: 190 })]);
      store.open('c1');
      await settle();
      http.expectOne('/conversations/c1/messages?limit=50&after_seq=10').flush({ messages: range('c1', 11, 60), has_more: true });
      await settle();
      const older = store.loadOlder('c1'); // its answer comes after the jump: it must not land on the new window
      await settle();
      const jumped = store.jumpToLatest('c1');
      await settle();
      http.expectOne('/conversations/c1/messages?limit=50').flush({ messages: range('c1', 151, 200), has_more: true });
      await jumped;
      http.expectOne('/conversations/c1/messages?limit=50&before_seq=11').flush({ messages: range('c1', 1, 10), has_more: false });
      await older;
      expect(seqsOf(store.activeTimeline().messages)).toEqual(seqsOf(range('c1', 151, 200)));
      expect(store.activeTimeline()).toMatchObject({ hasOlder: true, hasNewer: false });

      const back = store.jumpToFirstUnread('c1');
      await settle();
      http.expectOne('/conversations/c1/messages?limit=50&after_seq=10').flush({ messages: range('c1', 11, 60), has_more: true });
      await back;
      expect(seqsOf(store.activeTimeline().messages)[0]).toBe(11);
      expect(store.activeFirstUnread()).toBe(11);
    });

    it('opens a conversation at a message (a search result) with its neighbours on both sides, fetched only when not held', async () => {
      await startedReading([conversation('c1', { last_seq: 200, last_read_seq: 200, unread_count: 0 })]);
      store.open('c1', 100);
      await settle();
      http.expectOne('/conversations/c1/messages?limit=50&after_seq=74').flush({ messages: range('c1', 75, 124), has_more: true });
      await settle();
      expect(store.activeTimeline()).toMatchObject({ loaded: true, hasOlder: true, hasNewer: true });
      expect(seqsOf(store.activeTimeline().messages)).toEqual(seqsOf(range('c1', 75, 124)));
      // Another result whose neighbours are held: nothing to fetch.
      store.open('c1', 110);
      await settle();
      http.expectNone(() => true);
      // One near the beginning: the window starts at the first message.
      store.open('c1', 10);
      await settle();
      http.expectOne('/conversations/c1/messages?limit=50&after_seq=0').flush({ messages: range('c1', 1, 50), has_more: true });
      await settle();
      expect(store.activeTimeline()).toMatchObject({ hasOlder: false, hasNewer: true });
    });

    it('marks nothing read before the history is placed, even what arrived live', async () => {
      await startedReading([conversation('c1', { last_seq: 3, last_read_seq: 0, unread_count: 3 })]);
      socket().push('message:new', { message: message('c1', 4) });
      store.open('c1');
      store.setVisibleSeq('c1', 4); // a view showing the live message before the page is there
      await markerDelay();
      expect(reads).toEqual([]);
      http.expectOne('/conversations/c1/messages?limit=50&after_seq=0').flush({ messages: range('c1', 1, 4), has_more: false });
      await settle();
      await markerDelay();
      expect(reads).toEqual([]); // the view says again what it shows once the history is in place
      store.setVisibleSeq('c1', 2);
      await markerDelay();
      expect(reads).toEqual([{ conversation_id: 'c1', seq: 2 }]);
    });

    it('does not tell the server of a conversation whose marker it already holds', async () => {
      await startedReading([conversation('c1', { last_seq: 3, last_read_seq: 3 })]);
      await opened('c1', range('c1', 1, 3));
      await markerDelay();
      expect(reads).toEqual([]);
    });

    it('clears the unread count at once when another device of the user reads the conversation', async () => {
      await startedReading([conversation('c1', { last_seq: 3, last_read_seq: 0, unread_count: 3 })]);
      socket().push('read', { conversation_id: 'c1', user_id: ALICE.id, seq: 2 });
      expect(unread('c1')).toBe(1);
      socket().push('read', { conversation_id: 'c1', user_id: ALICE.id, seq: 1 }); // late and older: no effect
      expect(unread('c1')).toBe(1);
      socket().push('read', { conversation_id: 'c1', user_id: ALICE.id, seq: 3 });
      expect(store.unreadTotal()).toBe(0);
      // A copy of the conversation made before the read does not bring the badge back.
      syncAnswers.push({ results: [], conversations: [], removed: [] });
      store.open(null);
      void store.reload();
      await settle();
      http.expectOne('/conversations').flush({ conversations: [conversation('c1', { last_seq: 3, last_read_seq: 0, unread_count: 3 })] });
      await settle();
      expect(unread('c1')).toBe(0);
    });

    it('learns how far the other member of a 1-on-1 has read, from read events and from their own messages', async () => {
      await startedReading([conversation('c1', { last_seq: 2 })]);
      await opened('c1', [message('c1', 1, { sender_id: ALICE.id }), message('c1', 2)]);
      expect(store.activePeerReadSeq()).toBe(2); // Bob wrote seq 2: he had read everything before it
      socket().push('message:new', { message: message('c1', 3, { sender_id: ALICE.id }) });
      socket().push('read', { conversation_id: 'c1', user_id: 'u-bob', seq: 3 });
      expect(store.activePeerReadSeq()).toBe(3);
      socket().push('read', { conversation_id: 'c1', user_id: 'u-bob', seq: 1 });
      expect(store.activePeerReadSeq()).toBe(3);
    });

    it('shows who is typing until they stop or their message arrives', async () => {
      await startedReading([conversation('c1', { last_seq: 1, is_group: true, members: ['u-alice', 'u-bob', 'u-carol'] })]);
      await opened('c1', range('c1', 1, 1));
      socket().push('typing', { conversation_id: 'c1', user_id: 'u-bob', typing: true });
      socket().push('typing', { conversation_id: 'c1', user_id: 'u-carol', typing: true });
      expect(store.activeTypists()).toEqual(['u-bob', 'u-carol']);
      socket().push('message:new', { message: message('c1', 2) }); // from Bob
      socket().push('typing', { conversation_id: 'c1', user_id: 'u-carol', typing: false });
      expect(store.activeTypists()).toEqual([]);
    });

    it('says the user is typing only where they can send, and stops when they send or turn away', async () => {
      await startedReading([conversation('c1', { last_seq: 0 }), conversation('c2', { last_seq: 0 })]);
      const typing = () =>
        socket()
          .emitted.filter((e) => e.event === 'typing')
          .map((e) => e.payload);
      store.typed('unknown', true);
      expect(typing()).toEqual([]);
      await opened('c1', []);
      store.typed('c1', true);
      store.send('c1', 'hello');
      store.typed('c1', true);
      await opened('c2', []);
      expect(typing()).toEqual([
        { conversation_id: 'c1', typing: true },
        { conversation_id: 'c1', typing: false },
        { conversation_id: 'c1', typing: true },
        { conversation_id: 'c1', typing: false },
      ]);
    });

    it('keeps who is online from the conversation list and presence events', async () => {
      await startedReading([
        conversation('c1', { presence: [{ user_id: 'u-bob', online: false, last_seen: '2026-11-25T10:00:00.000Z' }] }),
      ]);
      const presence = TestBed.inject(Presence);
      expect(presence.of('u-bob')).toEqual({ online: false, last_seen: '2026-11-25T10:00:00.000Z' });
      socket().push('presence', { user_id: 'u-bob', status: 'online', last_seen: null });
      expect(presence.of('u-bob')?.online).toBe(true);
      store.stop();
      expect(presence.of('u-bob')).toBeUndefined();
    });
  });
});
