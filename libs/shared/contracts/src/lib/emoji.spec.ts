import { isOneEmoji } from './emoji';

describe('isOneEmoji', () => {
  it.each([
    ['a plain emoji', '👍'],
    ['a ZWJ family', '👨‍👩‍👧‍👦'],
    ['a ZWJ sequence with a variation selector', '🏳️‍🌈'],
    ['a flag', '🇯🇵'],
    ['a subdivision flag', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['a skin tone', '👋🏿'],
    ['a keycap', '#️⃣'],
    ['a fully-qualified heart', '❤️'],
    ['a heart typed without its variation selector', '❤'],
  ])('accepts %s', (_, text) => expect(isOneEmoji(text)).toBe(true));

  it.each([
    ['an empty string', ''],
    ['a letter', 'a'],
    ['a digit', '1'],
    ['two emoji', '👍👍'],
    ['an emoji and a space', '👍 '],
    ['an emoji with 100 combining marks', '👍' + '\u0301'.repeat(100)],
    ['a letter joined to an emoji', 'a\u200d👍'],
    ['half a flag', '\u{1f1ef}'],
    ['a lone surrogate', '\ud83d'],
  ])('refuses %s', (_, text) => expect(isOneEmoji(text)).toBe(false));
});
