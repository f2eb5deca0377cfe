import type { User } from '@pneumatic/contracts';
import { completeMention, mentionQuery, MentionTyping, suggestMembers } from './mention-suggestions';

const user = (username: string, full_name: string | null = null): User => ({
  id: `u-${username}`,
  username,
  full_name,
  deactivated: false,
  avatar_url: null,
});
const bob = user('bob', 'Bob Builder');
const bobby = user('bobby');
const carol = user('carol', 'Carol Bobson');

describe('mentionQuery', () => {
  it.each([
    ['@', 1, { start: 0, query: '' }],
    ['hi @bo', 6, { start: 3, query: 'bo' }],
    ['hi @bo there', 6, { start: 3, query: 'bo' }],
    ['(@bob.s', 7, { start: 1, query: 'bob.s' }],
  ])('%j with the cursor at %d is typing %j', (text, caret, expected) => expect(mentionQuery(text, caret)).toEqual(expected));

  it.each([
    ['mail me@bob', 11],
    ['@bob hi', 7],
    ['@bob', 0],
    ['no at', 5],
  ])('%j with the cursor at %d is typing no mention', (text, caret) => expect(mentionQuery(text, caret)).toBeNull());
});

describe('suggestMembers', () => {
  it('offers usernames that start with what was typed, then names with a word that does', () => {
    expect(suggestMembers([carol, bobby, bob], 'bo')).toEqual([bobby, bob, carol]);
    expect(suggestMembers([carol, bob], 'BUI')).toEqual([bob]);
    expect(suggestMembers([carol, bob], '')).toEqual([carol, bob]);
    expect(suggestMembers([carol, bob], 'zed')).toEqual([]);
  });
});

describe('completeMention', () => {
  it('puts @username and one space in place of what was typed, keeping the rest', () => {
    expect(completeMention('hi @bo', 6, { start: 3, query: 'bo' }, 'bobby')).toEqual({ text: 'hi @bobby ', caret: 10 });
    expect(completeMention('hi @bo see you', 6, { start: 3, query: 'bo' }, 'bob')).toEqual({ text: 'hi @bob see you', caret: 8 });
  });
});

describe('MentionTyping', () => {
  const key = (name: string, init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key: name, ...init });

  it('moves the pick with the arrows, takes it with Enter or Tab, and lets Escape leave the @ alone', () => {
    let text = 'hi @b';
    const typing = new MentionTyping(
      () => text,
      () => [bob, bobby],
    );
    typing.moved(5);
    expect(typing.suggestions()).toEqual([bob, bobby]);
    expect(typing.key(key('ArrowDown'))).toBe('handled');
    expect(typing.key(key('ArrowDown'))).toBe('handled');
    expect(typing.active()).toBe(0);
    typing.key(key('ArrowUp'));
    expect(typing.key(key('Tab'))).toEqual({ text: 'hi @bobby ', caret: 10 });
    expect(typing.key(key('Enter', { shiftKey: true }))).toBeNull();
    typing.key(key('Escape'));
    expect(typing.suggestions()).toEqual([]);
    expect(typing.key(key('Enter'))).toBeNull();
    text = 'hi @b @';
    typing.moved(7);
    expect(typing.suggestions()).toEqual([bob, bobby]);
  });
});
