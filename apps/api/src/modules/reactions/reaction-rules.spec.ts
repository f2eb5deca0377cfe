import type { Reaction } from '@pneumatic/contracts';
import { ConflictError } from '../../core/errors';
import { withReaction } from './reaction-rules';

const reaction = (emoji: string, ...user_ids: string[]): Reaction => ({ emoji, count: user_ids.length, user_ids });

describe('withReaction', () => {
  it('adds a new emoji last and a new person at the end of its list', () => {
    expect(withReaction([reaction('👍', 'a')], '🎉', 'b', true)).toEqual([reaction('👍', 'a'), reaction('🎉', 'b')]);
    expect(withReaction([reaction('👍', 'a'), reaction('🎉', 'b')], '👍', 'c', true)).toEqual([reaction('👍', 'a', 'c'), reaction('🎉', 'b')]);
  });

  it('is null when nothing would change, either way', () => {
    expect(withReaction([reaction('👍', 'a')], '👍', 'a', true)).toBeNull();
    expect(withReaction([reaction('👍', 'a')], '👍', 'b', false)).toBeNull();
    expect(withReaction([], '👍', 'a', false)).toBeNull();
  });

  it('takes away only that person, and the emoji once nobody uses it, keeping the order of the rest', () => {
    const three = [reaction('👍', 'a', 'b'), reaction('🎉', 'a'), reaction('🔥', 'c')];
    expect(withReaction(three, '👍', 'a', false)).toEqual([reaction('👍', 'b'), reaction('🎉', 'a'), reaction('🔥', 'c')]);
    expect(withReaction(three, '🎉', 'a', false)).toEqual([reaction('👍', 'a', 'b'), reaction('🔥', 'c')]);
  });

  it('refuses a 21st different emoji but not one more person on one of the 20', () => {
    const twenty = Array.from({ length: 20 }, (_, index) => reaction(String.fromCodePoint(0x1f600 + index), 'a'));
    expect(() => withReaction(twenty, '🤗', 'a', true)).toThrow(ConflictError);
    expect(withReaction(twenty, twenty[5].emoji, 'b', true)?.[5]).toEqual(reaction(twenty[5].emoji, 'a', 'b'));
  });

  it('tells apart emoji that differ only by a variation selector or a skin tone (each is kept as sent)', () => {
    expect(withReaction([reaction('❤️', 'a')], '❤', 'a', true)).toEqual([reaction('❤️', 'a'), reaction('❤', 'a')]);
    expect(withReaction([reaction('👍', 'a')], '👍🏽', 'a', true)).toHaveLength(2);
  });
});
