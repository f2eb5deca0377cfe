import type { Conversation, Message, User } from '@pneumatic/contracts';
import type { PendingMessage } from '@pneumatic/web/data-access';
import { conversationItem, conversationName, timelineEntries, typingLine } from './chat-view';

const users = new Map<string, User>([
  ['u-bob', { id: 'u-bob', username: 'bob', full_name: 'Bob Builder', deactivated: false, avatar_url: null }],
  ['u-carol', { id: 'u-carol', username: 'carol', full_name: null, deactivated: false, avatar_url: null }],
  ['u-dan', { id: 'u-dan', username: 'dan', full_name: 'Dan', deactivated: false, avatar_url: null }],
  ['u-eve', { id: 'u-eve', username: 'eve', full_name: 'Eve', deactivated: false, avatar_url: null }],
]);
const conversation = (overrides: Partial<Conversation>): Conversation => ({
  id: 'c1',
  title: null,
  members: ['u-me', 'u-bob'],
  is_group: false,
  admins: [],
  created_at: '2026-11-25T10:00:00.000Z',
  updated_at: '2026-11-25T10:00:00.000Z',
  last_seq: 0,
  last_change_seq: 0,
  last_read_seq: 0,
  unread_count: 0,
  unread_mentions: 0,
  muted: false,
  last_message: null,
  ...overrides,
});
const message = (seq: number, sender: string, time: string, content = `m${seq}`): Message => ({
  id: `id-${seq}`,
  message_id: `key-${seq}`,
  sender_id: sender,
  conversation_id: 'c1',
  seq,
  change_seq: seq,
  edited_at: null,
  deleted_at: null,
  attachments: [],
  reactions: [],
  reply_to: null,
  mentions: [],
  kind: 'user',
  system: null,
  content,
  created_at: time,
});

describe('conversationName', () => {
  it('names a 1-on-1 after the other person', () => {
    expect(conversationName(conversation({}), 'u-me', users)).toBe('Bob Builder');
  });

  it('names a group by its title, else by its members', () => {
    expect(conversationName(conversation({ is_group: true, title: ' Team ' }), 'u-me', users)).toBe('Team');
    expect(conversationName(conversation({ is_group: true, members: ['u-me', 'u-bob', 'u-carol'] }), 'u-me', users)).toBe(
      'Bob Builder, carol',
    );
    expect(
      conversationName(conversation({ is_group: true, members: ['u-me', 'u-bob', 'u-carol', 'u-dan', 'u-eve', 'u-x'] }), 'u-me', users),
    ).toBe('Bob Builder, carol, Dan and 2 more');
  });
});

describe('conversationItem', () => {
  it('previews the last message on one line, saying who wrote it where that is not obvious', () => {
    const own = conversation({ last_message: message(1, 'u-me', '2026-11-25T10:01:00.000Z', 'see\nyou') });
    expect(conversationItem(own, 'u-me', users).preview).toBe('You: see you');
    const direct = conversation({ last_message: message(1, 'u-bob', '2026-11-25T10:01:00.000Z', 'hi') });
    expect(conversationItem(direct, 'u-me', users).preview).toBe('hi');
    const group = conversation({ is_group: true, title: 'T', last_message: message(1, 'u-bob', '2026-11-25T10:01:00.000Z', 'hi') });
    expect(conversationItem(group, 'u-me', users).preview).toBe('Bob Builder: hi');
    expect(conversationItem(conversation({}), 'u-me', users).preview).toBe('No messages yet');
    const deleted = { ...message(1, 'u-bob', '2026-11-25T10:01:00.000Z', ''), deleted_at: '2026-11-25T10:02:00.000Z' };
    expect(conversationItem({ ...group, last_message: deleted }, 'u-me', users).preview).toBe('Bob Builder: This message was deleted');
  });

  it('previews a system message as its sentence alone', () => {
    const last: Message = {
      ...message(3, 'u-bob', '2026-11-25T10:00:00.000Z', 'bob renamed the group to “Trip”'),
      kind: 'system',
      system: { type: 'renamed', actor_id: 'u-bob', user_ids: [], title: 'Trip' },
    };
    expect(conversationItem(conversation({ is_group: true, members: ['u-me', 'u-bob'], last_message: last }), 'u-me', users).preview).toBe(
      'bob renamed the group to “Trip”',
    );
  });

  it('draws a 1-on-1 in the colours of its other person (as People does), a group in its own', () => {
    expect(conversationItem(conversation({}), 'u-me', users)).toMatchObject({ avatarSeed: 'u-bob', isGroup: false });
    expect(conversationItem(conversation({ id: 'g1', is_group: true }), 'u-me', users)).toMatchObject({ avatarSeed: 'g1', isGroup: true });
  });

  it('marks a 1-on-1 whose other person is online, and says who is typing', () => {
    const presence = new Map([['u-bob', { online: true, last_seen: null }]]);
    const typing = new Map([
      ['c1', ['u-bob']],
      ['g1', ['u-bob', 'u-carol']],
    ]);
    expect(conversationItem(conversation({}), 'u-me', users, { presence, typing })).toMatchObject({ online: true, typing: 'typing…' });
    const group = conversation({ id: 'g1', is_group: true, members: ['u-me', 'u-bob', 'u-carol'] });
    expect(conversationItem(group, 'u-me', users, { presence, typing })).toMatchObject({
      online: false, // no dot for a group
      typing: 'Bob Builder and carol are typing…',
    });
    expect(conversationItem(conversation({}), 'u-me', users)).toMatchObject({ online: false, typing: null });
  });
});

describe('typingLine', () => {
  it('names one or two people, and counts no further', () => {
    expect(typingLine([])).toBe('');
    expect(typingLine(['Alice'])).toBe('Alice is typing…');
    expect(typingLine(['Alice', 'Bob'])).toBe('Alice and Bob are typing…');
    expect(typingLine(['Alice', 'Bob', 'Carol'])).toBe('Several people are typing…');
  });
});

describe('timelineEntries', () => {
  const day1 = (minute: number) => new Date(2026, 10, 24, 9, minute).toISOString();
  const day2 = (minute: number) => new Date(2026, 10, 25, 9, minute).toISOString();

  it('writes the sender at the start of each run, and a day separator before each new day', () => {
    const entries = timelineEntries(
      [
        message(1, 'u-bob', day1(0)),
        message(2, 'u-bob', day1(1)),
        message(3, 'u-bob', day1(30)),
        message(4, 'u-me', day1(31)),
        message(5, 'u-bob', day2(0)),
      ],
      [],
      'u-me',
      users,
    );
    expect(entries.map((e) => [e.content, e.sender, e.showSender, e.runStart, e.newDay, e.own])).toEqual([
      ['m1', 'Bob Builder', true, true, true, false],
      ['m2', 'Bob Builder', false, false, false, false], // same person, a minute later: no name, no time
      ['m3', 'Bob Builder', true, true, false, false], // half an hour later: a new run
      ['m4', 'You', false, true, false, true], // own messages carry no name, but their run has its time
      ['m5', 'Bob Builder', true, true, true, false], // a new day
    ]);
  });

  it('marks system messages, which stand alone: the message after one starts a run of its own', () => {
    const added: Message = {
      ...message(2, 'u-bob', day1(1), 'bob added carol'),
      kind: 'system',
      system: { type: 'member_added', actor_id: 'u-bob', user_ids: ['u-carol'], title: null },
    };
    const entries = timelineEntries([message(1, 'u-bob', day1(0)), added, message(3, 'u-bob', day1(2))], [], 'u-me', users);
    expect(entries.map((e) => [e.content, e.system, e.runStart, e.showSender])).toEqual([
      ['m1', false, true, true],
      ['bob added carol', true, true, true],
      ['m3', false, true, true],
    ]);
  });

  it('tells runs apart by person in a group, and starts a fresh run at the "New messages" line', () => {
    const entries = timelineEntries(
      [
        message(1, 'u-bob', day2(0)),
        message(2, 'u-carol', day2(0)),
        message(3, 'u-carol', day2(1)),
        message(4, 'u-carol', day2(2)),
        message(5, 'u-carol', day2(3)),
      ],
      [],
      'u-me',
      users,
      { firstUnreadSeq: 4 },
    );
    expect(entries.map((e) => [e.seq, e.senderId, e.showSender, e.firstUnread])).toEqual([
      [1, 'u-bob', true, false],
      [2, 'u-carol', true, false],
      [3, 'u-carol', false, false],
      [4, 'u-carol', true, true],
      [5, 'u-carol', false, false],
    ]);
  });

  it("puts the user's pending messages last, keyed like their stored copy so the row survives the ack", () => {
    const pending: PendingMessage = {
      message_id: 'key-9',
      conversation_id: 'c1',
      content: 'on its way',
      created_at: day2(5),
      status: 'failed',
      error: 'Cannot reach the server.',
      transient: true,
    };
    const before = timelineEntries([message(1, 'u-bob', day2(0))], [pending], 'u-me', users);
    expect(before.at(-1)).toMatchObject({ key: 'u-me:key-9', seq: null, state: 'queued', own: true }); // it waits for the connection
    const refused = timelineEntries([], [{ ...pending, transient: false, error: 'Forbidden.' }], 'u-me', users);
    expect(refused[0]).toMatchObject({ state: 'failed', error: 'Forbidden.' });
    const after = timelineEntries(
      [message(1, 'u-bob', day2(0)), { ...message(2, 'u-me', day2(5)), message_id: 'key-9' }],
      [],
      'u-me',
      users,
    );
    expect(after.at(-1)).toMatchObject({ key: 'u-me:key-9', state: 'sent' });
  });

  it('shows the user’s own messages as read up to how far the other person has read', () => {
    const messages = [message(1, 'u-me', day2(0)), message(2, 'u-bob', day2(1)), message(3, 'u-me', day2(2)), message(4, 'u-me', day2(3))];
    expect(timelineEntries(messages, [], 'u-me', users, { peerReadSeq: 3 }).map((e) => e.state)).toEqual(['read', 'sent', 'read', 'sent']);
    expect(timelineEntries(messages, [], 'u-me', users).map((e) => e.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });
});

describe('timelineEntries quotes', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 9, minute)).toISOString();
  const original = message(1, 'u-bob', at(0), 'teh plan');
  const reply: Message = {
    ...message(2, 'u-me', at(1), 'which plan?'),
    reply_to: { id: original.id, seq: 1, sender_id: 'u-bob', excerpt: 'teh plan', deleted: false },
  };

  it('quotes the original as this tab holds it now: an edit or a deletion that arrived since shows at once', () => {
    const edited = { ...original, content: 'the plan', change_seq: 3 };
    expect(timelineEntries([edited, reply], [], 'u-me', users)[1].quote).toEqual({
      id: original.id,
      seq: 1,
      sender: 'Bob Builder',
      excerpt: 'the plan',
      deleted: false,
    });
    const deleted = { ...original, content: '', deleted_at: at(2), change_seq: 4 };
    expect(timelineEntries([deleted, reply], [], 'u-me', users)[1].quote).toMatchObject({ excerpt: '', deleted: true });
  });

  it('falls back on the server’s preview when the original is not held, and quotes for a pending reply too', () => {
    expect(timelineEntries([reply], [], 'u-me', users)[0].quote).toMatchObject({ sender: 'Bob Builder', excerpt: 'teh plan' });
    const pending: PendingMessage = {
      message_id: 'p1',
      conversation_id: 'c1',
      content: 'me too',
      reply_to_id: original.id,
      created_at: at(3),
      status: 'sending',
      error: null,
      transient: false,
    };
    expect(timelineEntries([original], [pending], 'u-me', users)[1].quote).toMatchObject({ id: original.id, excerpt: 'teh plan' });
    expect(timelineEntries([original], [], 'u-me', users)[0].quote).toBeNull();
  });
});
