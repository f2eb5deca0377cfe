import { findMentions, mentionAt, mentionedIds, newlyMentioned } from './mentions';

const bob = { id: 'b', username: 'bob' };
const bobby = { id: 'bb', username: 'bobby' };
const dotted = { id: 'd', username: 'bob.smith' };
const carol = { id: 'c', username: 'carol_1' };

describe('mentionedIds (SPEC 10.3)', () => {
  it.each([
    ['@bob hi', [bob], ['b']],
    ['@Bob.', [bob], ['b']],
    ['@BOB!', [bob], ['b']],
    ['hi @bob', [bob], ['b']],
    ['(@bob)', [bob], ['b']],
    ['@bobby', [bob], []],
    ['@bobby', [bob, bobby], ['bb']],
    ['@bob1', [bob], []],
    ['@bobé', [bob], []],
    ['@bob_', [bob], ['b']],
    ['@bob.smith and @bob', [bob, dotted], ['d', 'b']],
    ['@bob.smithy', [bob, dotted], ['b']],
    ['@ bob', [bob], []],
    ['@@bob', [bob], ['b']],
    ['@carol_1 @carol_1 @bob', [bob, carol], ['c', 'b']],
    ['@alice', [bob], []],
    ['no at sign', [bob], []],
    ['@bob🙂', [bob], ['b']],
  ])('%j among %j mentions %j', (text, members, expected) => {
    expect(mentionedIds(text, members)).toEqual(expected);
  });

  it('never matches past the end of the text', () => {
    expect(mentionAt('@bo', 0, [bob])).toBeNull();
  });

  it('gives the UTF-16 range of each mention, emoji before it included', () => {
    expect(findMentions('👋 @bob, @bob', [bob])).toEqual([
      { user_id: 'b', start: 3, end: 7 },
      { user_id: 'b', start: 9, end: 13 },
    ]);
  });

  it('has no mentions without members', () => {
    expect(findMentions('@bob', [])).toEqual([]);
  });
});

describe('newlyMentioned', () => {
  it('is who an edit adds, not who it keeps or drops', () => {
    expect(newlyMentioned(['a', 'b'], ['b', 'c'])).toEqual(['c']);
    expect(newlyMentioned([], [])).toEqual([]);
  });
});
