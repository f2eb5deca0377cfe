import type { Conversation, Message, SearchResult, User } from '@pneumatic/contracts';
import { groupResults, senderSuggestions, typedSender, withSender } from './search-view';

const user = (id: string, username: string, full_name: string | null = null): User => ({ id, username, full_name }) as User;
const message = (id: string, conversation_id: string, sender_id: string, seq: number): Message =>
  ({ id, conversation_id, sender_id, seq, created_at: '2026-12-04T10:00:00.000Z' }) as Message;
const result = (m: Message, snippet: string, highlights: [number, number][]): SearchResult => ({ message: m, snippet, highlights });

describe('groupResults', () => {
  it('groups by conversation in the order the results came, and marks the matched words', () => {
    const users = new Map([
      ['me', user('me', 'me')],
      ['bob', user('bob', 'bob', 'Bob Builder')],
    ]);
    const conversations = new Map([
      ['c1', { id: 'c1', is_group: true, title: 'Builders', members: ['me', 'bob'] } as unknown as Conversation],
    ]);
    const groups = groupResults(
      [
        result(message('m3', 'c1', 'bob', 3), 'big cat', [[4, 7]]),
        result(message('m9', 'c2', 'me', 9), 'cat', [[0, 3]]),
        result(message('m1', 'c1', 'me', 1), 'cats', [[0, 4]]),
      ],
      conversations,
      users,
      'me',
    );
    expect(groups.map((g) => [g.name, g.hits.map((h) => [h.id, h.sender, h.seq])])).toEqual([
      [
        'Builders',
        [
          ['m3', 'Bob Builder', 3],
          ['m1', 'You', 1],
        ],
      ],
      ['A conversation', [['m9', 'You', 9]]],
    ]);
    expect(groups[0].hits[0].parts).toEqual([
      { text: 'big ', marked: false },
      { text: 'cat', marked: true },
    ]);
  });
});

describe('from: suggestions', () => {
  it('finds the name being typed at the end of the query', () => {
    expect(typedSender('lunch from:al')).toBe('al');
    expect(typedSender('from:')).toBe('');
    expect(typedSender('from:@Bo')).toBe('Bo');
    expect(typedSender('from:alice lunch')).toBeNull();
    expect(typedSender('wherefrom:x')).toBeNull();
  });

  it('puts the chosen username in its place', () => {
    expect(withSender('lunch from:al', 'alice')).toBe('lunch from:alice ');
    expect(withSender('from:@b', 'bob')).toBe('from:bob ');
  });

  it('suggests people by username or name prefix, once each', () => {
    const people = [
      user('1', 'alice', 'Alice Liddell'),
      user('2', 'bob', 'Bob Builder'),
      user('1', 'alice', 'Alice Liddell'),
      user('3', 'carol', 'Lid Carol'),
    ];
    expect(senderSuggestions('lid', people).map((u) => u.username)).toEqual(['alice', 'carol']);
    expect(senderSuggestions('', people).map((u) => u.username)).toEqual(['alice', 'bob', 'carol']);
  });
});
