import fc from 'fast-check';
import { cleanDisplayText, isCleanText } from './text';

// eslint-disable-next-line no-control-regex -- the characters the rule is about
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF]/;
/** Well-formed text without control characters or line breaks (any script, emoji and astral characters included). */
const cleanLine = fc
  .string({ unit: 'grapheme' })
  .filter((s) => !FORBIDDEN.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')) && !/[\r\n\t]/.test(s));
const control = fc
  .integer({ min: 0, max: 0x9f })
  .filter((c) => (c < 0x20 && ![0x09, 0x0a, 0x0d].includes(c)) || c >= 0x7f)
  .map((c) => String.fromCharCode(c));
const loneSurrogate = fc
  .oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff }))
  .map((c) => String.fromCharCode(c));
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

/** `text` with `insert` placed at a position chosen by `at`, never inside a surrogate pair. */
function insertAt(text: string, insert: string, at: number): string {
  const chars = Array.from(text);
  const index = at % (chars.length + 1);
  return [...chars.slice(0, index), insert, ...chars.slice(index)].join('');
}

describe('isCleanText (property)', () => {
  it('accepts any well-formed single line, and any multi-line text when multiline', () => {
    fc.assert(fc.property(cleanLine, (text) => expect(isCleanText(text)).toBe(true)));
    fc.assert(
      fc.property(cleanLine, cleanLine, fc.constantFrom('\n', '\r\n', '\t'), (a, b, br) =>
        expect(isCleanText(a + br + b, { multiline: true })).toBe(true),
      ),
    );
  });

  it('refuses a line break in a single line', () => {
    fc.assert(
      fc.property(cleanLine, fc.constantFrom('\n', '\r', '\t'), fc.nat(), (text, br, at) =>
        expect(isCleanText(insertAt(text, br, at))).toBe(false),
      ),
    );
  });

  it('refuses a control character or a lone surrogate anywhere, multi-line or not', () => {
    fc.assert(
      fc.property(cleanLine, fc.oneof(control, loneSurrogate), fc.nat(), fc.boolean(), (text, bad, at, multiline) =>
        expect(isCleanText(insertAt(text, bad, at), { multiline })).toBe(false),
      ),
    );
  });

  it('refuses anything that is not a string', () => {
    fc.assert(
      fc.property(
        fc.anything().filter((v) => typeof v !== 'string'),
        (value) => expect(isCleanText(value)).toBe(false),
      ),
    );
  });
});

describe('cleanDisplayText (property)', () => {
  it('removes every invisible character, trims, and is idempotent', () => {
    const invisible = fc.constantFrom('\u200b', '\u200d', '\u202e', '\u2066', '\ufeff');
    fc.assert(
      fc.property(cleanLine, fc.array(fc.tuple(invisible, fc.nat())), (text, inserts) => {
        const dirty = inserts.reduce((acc, [char, at]) => insertAt(acc, char, at), text);
        const cleaned = cleanDisplayText(dirty);
        if (cleaned === null) return expect(dirty.replace(new RegExp(INVISIBLE, 'g'), '').trim()).toBe('');
        expect(cleaned).not.toMatch(INVISIBLE);
        expect(cleaned).toBe(cleaned.trim());
        expect(cleanDisplayText(cleaned)).toBe(cleaned);
      }),
    );
  });
});
