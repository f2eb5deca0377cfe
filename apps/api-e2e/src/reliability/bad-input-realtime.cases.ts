import type { ClientToServerEvents } from '@pneumatic/contracts';
import {
  BAD_EMOJI,
  BAD_TEXT,
  BAD_UUIDS,
  nestedArraysJson,
  nestedObjectsJson,
  POLLUTION_KEYS,
  ROOM,
  withOwnKey,
  withRawField,
  WRONG_TYPES,
} from './bad-input.corpus';

/** One bad message and the error code it must be answered with (null: the control case, answered without an error). */
export interface PayloadCase {
  readonly name: string;
  /** Raw JSON text of the payload (sent as-is, so deep nesting and own `__proto__` keys survive); undefined: no payload at all. */
  readonly json?: string;
  readonly code: string | null;
}

interface EventSpec {
  /** A valid payload that writes nothing; `baseCode` is its answer (null: ok). */
  readonly base: Record<string, unknown>;
  readonly baseCode: string | null;
  readonly fields: Record<string, readonly (readonly [string, unknown])[]>;
}

const UNKNOWN_ROOM = '44444444-4444-4444-8444-444444444444';
const wrongTypes = (except: readonly string[] = []) => WRONG_TYPES.filter(([name]) => !except.includes(name));
const BAD_SEQS = [
  ['-1', -1],
  ['1.5', 1.5],
  ['the string "1"', '1'],
  ['2^31', 2 ** 31],
  ['1e21', 1e21],
] as const;

const UNKNOWN_MESSAGE = '55555555-5555-4555-8555-555555555555';

const sendFields = {
  conversation_id: [...BAD_UUIDS, ...wrongTypes()],
  message_id: [
    ['an empty string', ''],
    ['65 characters', 'x'.repeat(65)],
    ['a space', 'a b'],
    ['a non-ASCII letter', 'é'],
    ...BAD_TEXT,
    ...wrongTypes(),
  ],
  content: [['an empty string', ''], ['only white space', ' \n\t '], ['4001 characters', 'x'.repeat(4001)], ...BAD_TEXT, ...wrongTypes()],
  attachment_ids: [
    ['11 ids', Array.from({ length: 11 }, (_, i) => `66666666-6666-4666-8666-6666666666${String(i).padStart(2, '0')}`)],
    ['a malformed id', ['nope']],
    ['the same id twice', [UNKNOWN_MESSAGE, UNKNOWN_MESSAGE]],
    ['a nested array', [[UNKNOWN_MESSAGE]]],
    ...wrongTypes().filter(([name]) => name !== 'null'),
  ],
  reply_to_id: [...BAD_UUIDS, ...wrongTypes(['null'])],
} as const;

/** Every client event of the contract (a new one does not compile until it has its corpus). */
export const SOCKET_EVENTS: Readonly<Record<keyof ClientToServerEvents, EventSpec>> = {
  'message:send': {
    base: { conversation_id: UNKNOWN_ROOM, message_id: 'rt-1', content: 'hello' },
    baseCode: 'NOT_FOUND',
    fields: { ...sendFields, sender_id: [['any value (not a field of this event)', ROOM]] },
  },
  'message:edit': {
    base: { id: UNKNOWN_MESSAGE, content: 'hello' },
    baseCode: 'NOT_FOUND',
    fields: {
      id: [...BAD_UUIDS, ...wrongTypes()],
      content: sendFields.content,
      expected_change_seq: [['0', 0], ...BAD_SEQS, ...wrongTypes(['null', 'a number'])],
    },
  },
  'message:delete': {
    base: { id: UNKNOWN_MESSAGE },
    baseCode: 'NOT_FOUND',
    fields: { id: [...BAD_UUIDS, ...wrongTypes()], content: [['any value (not a field of this event)', 'x']] },
  },
  'reaction:add': {
    base: { id: UNKNOWN_MESSAGE, emoji: '👍' },
    baseCode: 'NOT_FOUND',
    fields: { id: [...BAD_UUIDS, ...wrongTypes()], emoji: [['an empty string', ''], ...BAD_EMOJI, ...BAD_TEXT, ...wrongTypes()] },
  },
  'reaction:remove': {
    base: { id: UNKNOWN_MESSAGE, emoji: '👍' },
    baseCode: 'NOT_FOUND',
    fields: { id: [...BAD_UUIDS, ...wrongTypes()], emoji: [['an empty string', ''], ...BAD_EMOJI, ...BAD_TEXT, ...wrongTypes()] },
  },
  sync: {
    base: { conversations: [{ conversation_id: ROOM, after_seq: 0 }] },
    baseCode: null,
    fields: {
      conversations: [
        ...wrongTypes(),
        // (1001 cursors, one over the limit, do not fit in a 64 KiB frame: the frame limit answers first.)
        ['a null cursor', [null]],
        ['a cursor in an array', [[{ conversation_id: ROOM, after_seq: 0 }]]],
        ['a cursor with an extra field', [{ conversation_id: ROOM, after_seq: 0, limit: 1000 }]],
        ['a cursor without after_seq', [{ conversation_id: ROOM }]],
        ...BAD_UUIDS.map(([name, value]) => [`a cursor id with ${name}`, [{ conversation_id: value, after_seq: 0 }]] as const),
        ...BAD_SEQS.map(([name, value]) => [`after_seq ${name}`, [{ conversation_id: ROOM, after_seq: value }]] as const),
        ...[...BAD_SEQS, ...wrongTypes(['null', 'a number'])].map(
          ([name, value]) => [`after_change_seq ${name}`, [{ conversation_id: ROOM, after_seq: 0, after_change_seq: value }]] as const,
        ),
      ],
    },
  },
  read: {
    base: { conversation_id: ROOM, seq: 0 },
    baseCode: null,
    fields: { conversation_id: [...BAD_UUIDS, ...wrongTypes()], seq: [...BAD_SEQS, ...wrongTypes(['a number'])] },
  },
  typing: {
    base: { conversation_id: ROOM, typing: false },
    baseCode: null,
    fields: {
      conversation_id: [...BAD_UUIDS, ...wrongTypes()],
      typing: [['the string "true"', 'true'], ['the number 1', 1], ...wrongTypes(['a boolean'])],
    },
  },
};

/** The corpus for one object-shaped message: generic shapes, then every field's bad values. */
export function payloadCases(spec: EventSpec, required: readonly string[]): PayloadCase[] {
  const base = JSON.stringify(spec.base);
  const bad = (name: string, json?: string, code: string | null = 'VALIDATION_FAILED'): PayloadCase => ({ name, json, code });
  const cases: PayloadCase[] = [
    bad('the valid-shape base payload (control case)', base, spec.baseCode),
    bad('no payload'),
    ...[
      ['null', 'null'],
      ['a string', '"text"'],
      ['a number', '42'],
      ['true', 'true'],
      ['an empty array', '[]'],
      ['an empty object', '{}'],
    ].map(([name, json]) => bad(name, json)),
    bad('the payload inside an array', `[${base}]`),
    bad('an extra field', JSON.stringify({ ...spec.base, is_admin: true })),
    bad('a huge array in an extra field', JSON.stringify({ ...spec.base, extra: Array(10_000).fill(1) })),
    bad('5000 levels of nested arrays', withRawField(spec.base, 'extra', nestedArraysJson())),
    bad('2000 levels of nested objects', withRawField(spec.base, 'extra', nestedObjectsJson())),
    ...POLLUTION_KEYS.map((key) => bad(`an own "${key}" key`, withOwnKey(spec.base, key, { polluted: true }))),
    ...required.map((field) => {
      const { [field]: _dropped, ...rest } = spec.base;
      return bad(`without ${field}`, JSON.stringify(rest));
    }),
  ];
  for (const [field, values] of Object.entries(spec.fields)) {
    for (const [name, value] of values) cases.push(bad(`${field} as ${name}`, JSON.stringify({ ...spec.base, [field]: value })));
  }
  return cases;
}

/** Frames of the original `/ws` protocol. */
export function rawFrameCases(): PayloadCase[] {
  const join = { type: 'join', conversation_id: ROOM };
  const message = { type: 'message', conversation_id: UNKNOWN_ROOM, message_id: 'ws-1', content: 'hello' };
  const bad = (name: string, json: string, code: string | null = 'VALIDATION_FAILED'): PayloadCase => ({ name, json, code });
  const messageCases = payloadCases({ base: message, baseCode: 'NOT_FOUND', fields: sendFields }, [
    'conversation_id',
    'message_id',
    'content',
  ]);
  return [
    bad('a join (control case)', JSON.stringify(join), null),
    bad('plain text', 'hello'),
    bad('truncated JSON', '{"type":'),
    bad('a JSON array holding a frame', `[${JSON.stringify(join)}]`),
    ...[
      ['null', 'null'],
      ['a string', '"join"'],
      ['a number', '42'],
      ['an empty object', '{}'],
    ].map(([name, json]) => bad(name, json)),
    ...[
      ['a number', 42],
      ['null', null],
      ['an unknown word', 'delete'],
      ['__proto__', '__proto__'],
      ['constructor', 'constructor'],
      ['an object', { $ne: 1 }],
    ].map(([name, type]) => bad(`a type that is ${name}`, JSON.stringify({ ...join, type }))),
    ...BAD_UUIDS.map(([name, value]) => bad(`a join with ${name}`, JSON.stringify({ ...join, conversation_id: value }))),
    ...wrongTypes().map(([name, value]) =>
      bad(`a join with conversation_id as ${name}`, JSON.stringify({ ...join, conversation_id: value })),
    ),
    bad('a join without conversation_id', '{"type":"join"}'),
    bad('a join with an extra field', JSON.stringify({ ...join, extra: 1 })),
    bad('a join with 5000 levels of nesting', withRawField(join, 'extra', nestedArraysJson())),
    ...POLLUTION_KEYS.map((key) => bad(`a join with an own "${key}" key`, withOwnKey(join, key, { polluted: true }))),
    ...messageCases.filter((c) => c.json !== undefined).map((c) => ({ ...c, name: `message: ${c.name}` })),
  ];
}
