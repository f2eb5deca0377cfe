import { isBlankContent, MESSAGE_ID_PATTERN, normalizeUsername, USERNAME_PATTERN, UUID_PATTERN } from './limits';

describe('normalizeUsername', () => {
  it.each([
    ['Alice', 'alice'],
    ['ＡＤＭＩＮ', 'admin'],
    ['ﬁona', 'fiona'],
  ])('normalises %j to %j', (raw, canonical) => expect(normalizeUsername(raw)).toBe(canonical));

  it('is idempotent', () => {
    for (const raw of ['Bob', 'ＢＯＢ', 'x.Y-z_1', 'ǅemal']) {
      expect(normalizeUsername(normalizeUsername(raw))).toBe(normalizeUsername(raw));
    }
  });

  it.each(['аdmin', 'admin\u200B', 'admin ', 'adm\u0131n', 'ab', 'a'.repeat(33), 'a/b'])(
    'leaves %j outside the username pattern',
    (raw) => expect(USERNAME_PATTERN.test(normalizeUsername(raw))).toBe(false),
  );
});

describe('isBlankContent', () => {
  it.each(['', '   ', '\u00A0', '\u200B', '\u3000', '\n\t'])('treats %j as blank', (text) => expect(isBlankContent(text)).toBe(true));
  it.each(['a', ' hi ', '😀'])('keeps %j', (text) => expect(isBlankContent(text)).toBe(false));
});

describe('patterns', () => {
  it('accepts message ids of the allowed characters only', () => {
    expect(MESSAGE_ID_PATTERN.test('client-1:42.a_b')).toBe(true);
    expect(MESSAGE_ID_PATTERN.test('has space')).toBe(false);
    expect(MESSAGE_ID_PATTERN.test('x'.repeat(65))).toBe(false);
  });

  it('accepts canonical lower-case UUIDs only', () => {
    expect(UUID_PATTERN.test('3f2504e0-4f89-41d3-9a0c-0305e82c3301')).toBe(true);
    expect(UUID_PATTERN.test('3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toBe(false);
    expect(UUID_PATTERN.test('{3f2504e0-4f89-41d3-9a0c-0305e82c3301}')).toBe(false);
  });
});
