/**
 * Hostile values, shared by the REST and the real-time corpora. Placeholders (`ROOM`, `OTHER`) are replaced
 * with real ids at run time, so every case reaches the rule it aims at rather than failing on a missing room.
 */
export const ROOM = '11111111-1111-4111-8111-111111111111';
export const OTHER = '22222222-2222-4222-8222-222222222222';

/**
 * Deep nesting as JSON text (JSON.stringify itself overflows the stack at such depths), well under the
 * 64 KiB limit, so the parser accepts it and the validator must cope.
 */
export const nestedArraysJson = (depth = 5000): string => '['.repeat(depth) + ']'.repeat(depth);
export const nestedObjectsJson = (depth = 2000): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** A JSON object's text with one more field whose value is given as raw JSON text. */
export function withRawField(body: Record<string, unknown>, key: string, rawValue: string): string {
  const json = JSON.stringify(body);
  return `{${JSON.stringify(key)}:${rawValue}${json === '{}' ? '' : `,${json.slice(1, -1)}`}}`;
}

/** Strings no text field accepts. */
export const BAD_TEXT: readonly (readonly [string, string])[] = [
  ['a NUL character', 'a\u0000b'],
  ['a bell control character', 'ring\u0007'],
  ['an escape sequence', 'x\u001b[31mred'],
  ['a C1 control character', 'x\u0085y'],
  ['a lone high surrogate', 'x\ud800y'],
  ['a lone low surrogate', '\udc00x'],
  ['reversed surrogates', '\udc00\ud800'],
];

/** Malformed and non-canonical spellings of a UUID (upper case is the same UUID and is accepted). */
export const BAD_UUIDS: readonly (readonly [string, string])[] = [
  ['braces', `{${ROOM}}`],
  ['no dashes', ROOM.replace(/-/g, '')],
  ['a urn prefix', `urn:uuid:${ROOM}`],
  ['surrounding spaces', ` ${ROOM} `],
  ['one character short', ROOM.slice(1)],
  ['a non-hex character', `g${ROOM.slice(1)}`],
  ['an SQL injection', `${ROOM}' OR '1'='1`],
  ['an empty string', ''],
  ['2000 characters', 'a'.repeat(2000)],
];

/** Strings that are not exactly one emoji (a ZWJ family, a flag, a skin tone, a keycap and "❤" all are one). */
export const BAD_EMOJI: readonly (readonly [string, string])[] = [
  ['a letter', 'a'],
  ['a digit', '7'],
  ['a word', 'thumbsup'],
  ['two emoji', '👍👍'],
  ['an emoji and a space', '👍 '],
  ['an emoji with 100 combining marks', '👍' + '\u0301'.repeat(100)],
  ['a letter joined to an emoji', 'a\u200d👍'],
  ['half a flag', '\u{1f1eb}'],
  ['an SQL injection', "👍' OR '1'='1"],
];

/** Not a value of the expected type, for any field. */
export const WRONG_TYPES: readonly (readonly [string, unknown])[] = [
  ['null', null],
  ['a number', 42],
  ['a boolean', true],
  ['an array', ['x']],
  ['an object', { $gt: '' }],
];

/** Keys that would pollute a prototype if copied naively onto an object, or that name an inherited method (class-transformer skips those silently). */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'] as const;

/** A JSON body with a prototype-pollution key as an own property (JSON.stringify drops `__proto__` otherwise). */
export function withOwnKey(body: Record<string, unknown>, key: string, value: unknown): string {
  return withRawField(body, key, JSON.stringify(value));
}
