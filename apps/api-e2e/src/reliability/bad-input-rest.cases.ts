import {
  BAD_EMOJI,
  BAD_TEXT,
  BAD_UUIDS,
  nestedArraysJson,
  nestedObjectsJson,
  OTHER,
  POLLUTION_KEYS,
  ROOM,
  withOwnKey,
  withRawField,
  WRONG_TYPES,
} from './bad-input.corpus';

/** One bad request and the answer it must get. `body` is the raw text sent; placeholders are replaced at run time. */
export interface HttpCase {
  readonly name: string;
  /** The operation aimed at, as the OpenAPI document names it (`PATCH /messages/{id}`). */
  readonly route: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly auth: boolean;
  readonly body?: string;
  /** null: no Content-Type header at all. */
  readonly contentType?: string | null;
  /** The status, or the acceptable statuses where more than one is right (e.g. a login of a name that cannot exist). */
  readonly status: number | readonly number[];
  readonly code?: string;
}

interface BodyRoute {
  /** POST unless said otherwise. */
  readonly method?: 'POST' | 'PUT' | 'PATCH';
  /** The OpenAPI path template, where `path` holds ids. */
  readonly template?: string;
  readonly path: string;
  readonly auth: boolean;
  /** A body every field of which is valid but that still writes nothing (each route's valid-shape answer). */
  readonly base: Record<string, unknown>;
  readonly baseStatus: number;
  readonly required: readonly string[];
  /** Per field: [case name, value, status (default 400)]. */
  readonly fields: Record<string, readonly (readonly [string, unknown, number?])[]>;
}

const text = (extra: readonly (readonly [string, unknown, number?])[] = [], status = 400) => [
  ...BAD_TEXT.map(([name, value]) => [name, value, status] as const),
  ...extra,
];
const wrongTypes = (except: readonly string[] = []) => WRONG_TYPES.filter(([name]) => !except.includes(name));
const uuids = BAD_UUIDS;

/** An id no message has: a valid edit of it writes nothing (404). */
export const UNKNOWN_MESSAGE = '55555555-5555-4555-8555-555555555555';
/** An id no conversation has: a valid change to it writes nothing (404). */
export const UNKNOWN_CONVERSATION = '66666666-6666-4666-8666-666666666666';

const ROUTES: Readonly<Record<string, BodyRoute>> = {
  signup: {
    path: '/auth/signup',
    auth: false,
    // A taken name answers 409 and writes nothing: the base used by the generic cases.
    base: { username: 'corpus_owner', password: 'long-enough-password', full_name: 'Corpus' },
    baseStatus: 409,
    required: ['username', 'password'],
    fields: {
      username: [
        ...text(),
        ['an RTL override', 'ad\u202emin'],
        ['a zero-width space', 'ad\u200bmin'],
        ['a zero-width joiner', 'ad\u200dmin'],
        ['a byte-order mark', '\ufeffadmin'],
        ['two characters', 'ab'],
        ['33 characters', 'a'.repeat(33)],
        ['a space', 'a b'],
        ['an SQL injection', "x' OR 1=1 --"],
        ['an SQL statement', "robert'); DROP TABLE users;--"],
        ['HTML', '<script>alert(1)</script>'],
        ['60 000 characters', 'a'.repeat(60_000)],
        ...wrongTypes(),
      ],
      password: [...text(), ['7 characters', 'x'.repeat(7)], ['129 characters', 'x'.repeat(129)], ...wrongTypes()],
      full_name: [...text(), ['a line break', 'a\nb'], ['101 characters', 'x'.repeat(101)], ...wrongTypes(['null'])],
    },
  },
  login: {
    path: '/auth/login',
    auth: false,
    base: { username: 'nobody_here', password: 'long-enough-password' },
    baseStatus: 401,
    required: ['username', 'password'],
    fields: {
      // Only the shape is checked at login: a name that cannot exist is answered like a wrong password.
      username: [
        ...BAD_TEXT.map(([name, value]) => [name, value, 401] as const),
        ['an SQL injection', "admin' --", 401],
        ['257 characters', 'a'.repeat(257)],
        ...wrongTypes(),
      ],
      password: [['513 characters', 'x'.repeat(513)], ['an empty string', ''], ...wrongTypes()],
    },
  },
  refresh: {
    path: '/auth/refresh',
    auth: false,
    base: { refresh_token: 'not-a-token' },
    baseStatus: 401,
    required: [],
    fields: {
      refresh_token: [
        ['an SQL injection', "' OR 1=1 --", 401],
        ['4097 characters', 'x'.repeat(4097)],
        ...text([], 401),
        ...wrongTypes(['null']),
      ],
    },
  },
  logout: {
    path: '/auth/logout',
    auth: false,
    base: { refresh_token: 'not-a-token' },
    baseStatus: 401,
    required: [],
    fields: { refresh_token: [['4097 characters', 'x'.repeat(4097)], ...wrongTypes(['null'])] },
  },
  'update profile': {
    method: 'PATCH',
    path: '/auth/me',
    auth: true,
    // The caller's name as it is (none): 200 and nothing written.
    base: { full_name: null },
    baseStatus: 200,
    required: ['full_name'],
    fields: {
      full_name: [...text(), ['a line break', 'a\nb'], ['101 characters', 'x'.repeat(101)], ...wrongTypes(['null'])],
    },
  },
  'change password': {
    path: '/auth/password',
    auth: true,
    // A wrong current password: 400 on current_password, nothing written (no session ends).
    base: { current_password: 'not-the-password', new_password: 'long-enough-password' },
    baseStatus: 400,
    required: ['current_password', 'new_password'],
    fields: {
      current_password: [['an empty string', ''], ['513 characters', 'x'.repeat(513)], ...wrongTypes()],
      new_password: [...text(), ['7 characters', 'x'.repeat(7)], ['129 characters', 'x'.repeat(129)], ...wrongTypes()],
    },
  },
  'create conversation': {
    path: '/conversations',
    auth: true,
    // The 1-on-1 that already exists: 200 with it, nothing written.
    base: { member_ids: [OTHER] },
    baseStatus: 200,
    required: ['member_ids'],
    fields: {
      member_ids: [
        ...uuids.map(([name, value]) => [`a member id with ${name}`, [value]] as const),
        ['257 members', Array.from({ length: 257 }, () => OTHER)],
        ['a nested array', [[OTHER]]],
        ['a null member', [null]],
        ['an unknown user', ['33333333-3333-4333-8333-333333333333']],
        ...wrongTypes(),
      ],
      title: [...text(), ['a line break', 'a\nb'], ['101 characters', 'x'.repeat(101)], ...wrongTypes(['null'])],
      is_group: [
        ['the string "true"', 'true'],
        ['the number 1', 1],
        ['an array', [true]],
      ],
    },
  },
  'edit message': {
    method: 'PATCH',
    template: '/messages/{id}',
    path: `/messages/${UNKNOWN_MESSAGE}`,
    auth: true,
    base: { content: 'hello' },
    baseStatus: 404,
    required: ['content'],
    fields: {
      content: [['an empty string', ''], ['only white space', ' \n\t '], ['4001 characters', 'x'.repeat(4001)], ...text(), ...wrongTypes()],
      expected_change_seq: [
        ['0', 0],
        ['-1', -1],
        ['1.5', 1.5],
        ['the string "1"', '1'],
        ['2^31', 2 ** 31],
        ...wrongTypes(['null', 'a number']),
      ],
    },
  },
  read: {
    template: '/conversations/{id}/read',
    path: `/conversations/${ROOM}/read`,
    auth: true,
    // A marker already at 0 does not move: 200 and nothing written.
    base: { seq: 0 },
    baseStatus: 200,
    required: ['seq'],
    fields: {
      seq: [['-1', -1], ['1.5', 1.5], ['the string "1"', '1'], ['2^31', 2 ** 31], ['1e21', 1e21], ...wrongTypes(['a number'])],
    },
  },
  settings: {
    method: 'PUT',
    template: '/conversations/{id}/settings',
    path: `/conversations/${ROOM}/settings`,
    auth: true,
    // Not muted already: unmuting changes nothing.
    base: { muted: false },
    baseStatus: 200,
    required: ['muted'],
    fields: {
      muted: [['the string "true"', 'true'], ['1', 1], ['0', 0], ...wrongTypes(['a boolean'])],
    },
  },
  'add members': {
    template: '/conversations/{id}/members',
    path: `/conversations/${UNKNOWN_CONVERSATION}/members`,
    auth: true,
    base: { user_ids: [OTHER] },
    baseStatus: 404,
    required: ['user_ids'],
    fields: {
      user_ids: [
        ...uuids.map(([name, value]) => [`a user id with ${name}`, [value]] as const),
        ['no users', []],
        ['257 users', Array.from({ length: 257 }, () => OTHER)],
        ['a nested array', [[OTHER]]],
        ['a null user', [null]],
        ['a number', [42]],
        ...wrongTypes(),
      ],
    },
  },
  'set role': {
    method: 'PUT',
    template: '/conversations/{id}/members/{user_id}',
    path: `/conversations/${UNKNOWN_CONVERSATION}/members/${OTHER}`,
    auth: true,
    base: { role: 'admin' },
    baseStatus: 404,
    required: ['role'],
    fields: {
      role: [['owner', 'owner'], ['upper case', 'ADMIN'], ['an empty string', ''], ...text(), ...wrongTypes()],
    },
  },
  rename: {
    method: 'PATCH',
    template: '/conversations/{id}',
    path: `/conversations/${UNKNOWN_CONVERSATION}`,
    auth: true,
    base: { title: 'Renamed' },
    baseStatus: 404,
    required: ['title'],
    fields: {
      title: [...text(), ['a line break', 'a\nb'], ['101 characters', 'x'.repeat(101)], ...wrongTypes(['null'])],
    },
  },
  'send message': {
    path: '/messages',
    auth: true,
    // From the caller but to a conversation that does not exist: 404, nothing written.
    base: { conversation_id: '44444444-4444-4444-8444-444444444444', message_id: 'corpus-1', content: 'hello' },
    baseStatus: 404,
    required: ['conversation_id', 'message_id', 'content'],
    fields: {
      conversation_id: [...uuids, ...wrongTypes()],
      message_id: [
        ['an empty string', ''],
        ['65 characters', 'x'.repeat(65)],
        ['a space', 'a b'],
        ['a non-ASCII letter', 'é'],
        ['a path', '../x'],
        ['HTML', '<b>'],
        ...text(),
        ...wrongTypes(),
      ],
      content: [['an empty string', ''], ['only white space', ' \n\t '], ['4001 characters', 'x'.repeat(4001)], ...text(), ...wrongTypes()],
      attachment_ids: [
        ['11 ids', Array.from({ length: 11 }, (_, i) => `66666666-6666-4666-8666-6666666666${String(i).padStart(2, '0')}`)],
        ['a malformed id', ['nope']],
        ['the same id twice', [OTHER, OTHER]],
        ['a nested array', [[OTHER]]],
        ['a null id', [null]],
        ...wrongTypes(['null']),
      ],
      reply_to_id: [...uuids, ...wrongTypes(['null'])],
      // SPEC section 2: a sender_id that is not the caller is 403 whatever its JSON type, before its shape is checked.
      sender_id: [...uuids, ['another user', OTHER], ...wrongTypes(['null'])].map(([name, value]) => [name, value, 403] as const),
    },
  },
};

function bodyCases(route: string, spec: BodyRoute): HttpCase[] {
  const base = JSON.stringify(spec.base);
  const method = spec.method ?? 'POST';
  const post = (
    name: string,
    body: string,
    status: number | readonly number[],
    code?: string,
    contentType: string | null = 'application/json',
  ): HttpCase => ({
    name: `${method} ${spec.path} (${route}): ${name}`,
    route: `${method} ${spec.template ?? spec.path}`,
    method,
    path: spec.path,
    auth: spec.auth,
    body,
    contentType,
    status,
    code,
  });
  const cases: HttpCase[] = [
    post('the valid-shape base body (control case)', base, spec.baseStatus),
    post('malformed JSON', '{"a":', 400, 'MALFORMED_JSON'),
    post('trailing garbage', `${base}x`, 400, 'MALFORMED_JSON'),
    post('single-quoted JSON', "{'a': 1}", 400, 'MALFORMED_JSON'),
    post('a JSON null', 'null', 400),
    post('a JSON string', '"text"', 400),
    post('a JSON number', '42', 400),
    post('an empty array', '[]', 400, 'VALIDATION_FAILED'),
    post('the body inside an array', `[${base}]`, 400, 'VALIDATION_FAILED'),
    post('an extra field', JSON.stringify({ ...spec.base, is_admin: true }), 400, 'VALIDATION_FAILED'),
    post('a huge array in an extra field', JSON.stringify({ ...spec.base, extra: Array(20_000).fill(1) }), 400, 'VALIDATION_FAILED'),
    post('5000 levels of nested arrays', withRawField(spec.base, 'extra', nestedArraysJson()), 400, 'VALIDATION_FAILED'),
    post('2000 levels of nested objects', withRawField(spec.base, 'extra', nestedObjectsJson()), 400, 'VALIDATION_FAILED'),
    post('a body over 64 KiB', JSON.stringify({ ...spec.base, extra: 'x'.repeat(70 * 1024) }), 413, 'PAYLOAD_TOO_LARGE'),
    post('text/plain', base, 415, 'UNSUPPORTED_MEDIA_TYPE', 'text/plain'),
    post('a form', 'username=a&password=b', 415, 'UNSUPPORTED_MEDIA_TYPE', 'application/x-www-form-urlencoded'),
    post(
      'multipart',
      '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'multipart/form-data; boundary=b',
    ),
    post('XML', '<a>1</a>', 415, 'UNSUPPORTED_MEDIA_TYPE', 'application/xml'),
    post('no Content-Type', base, 415, 'UNSUPPORTED_MEDIA_TYPE', null),
    // body-parser decodes UTF-16, so these UTF-8 bytes read as garbage: refused either way.
    post('a UTF-16 charset', base, [400, 415], undefined, 'application/json; charset=utf-16'),
    ...POLLUTION_KEYS.map((key) => post(`an own "${key}" key`, withOwnKey(spec.base, key, { polluted: true }), 400, 'VALIDATION_FAILED')),
    ...spec.required.map((field) => {
      const { [field]: _dropped, ...rest } = spec.base;
      return post(`without ${field}`, JSON.stringify(rest), 400, 'VALIDATION_FAILED');
    }),
  ];
  for (const [field, values] of Object.entries(spec.fields)) {
    for (const [name, value, status = 400] of values) {
      cases.push(
        post(
          `${field} as ${name}`,
          JSON.stringify({ ...spec.base, [field]: value }),
          status,
          status === 400 ? 'VALIDATION_FAILED' : undefined,
        ),
      );
    }
  }
  return cases;
}

const get = (name: string, path: string, status = 400, code = 'VALIDATION_FAILED'): HttpCase => ({
  name: `GET ${name}`,
  route: `GET ${templateOf(path)}`,
  method: 'GET',
  path,
  auth: true,
  status,
  code,
});

const BAD_PATH_IDS = [
  ...BAD_UUIDS.filter(([name]) => name !== 'an empty string'),
  ['an invalid percent-encoding', '%E0%A4%A'],
  ['a bad escape', '%ZZ'],
] as const;
const enc = (value: string) => (value.startsWith('%') ? value : encodeURIComponent(value));

/** The OpenAPI template of a concrete path: ids (and whatever stands where an id belongs) become `{id}`. */
function templateOf(path: string): string {
  const [bare] = path.split('?');
  return bare
    .replace(/^\/(conversations|messages|auth\/sessions|admin\/users|attachments|avatars)\/[^/]+/, '/$1/{id}')
    .replace(/\/reactions\/[^/]+$/, '/reactions/{emoji}');
}

const withBody = (method: 'POST' | 'PUT' | 'PATCH', name: string, path: string, body: string): HttpCase => ({
  ...get('', path),
  name: `${method} ${templateOf(path)} with ${name}`,
  route: `${method} ${templateOf(path)}`,
  method,
  body,
  contentType: 'application/json',
});
const remove = (name: string, path: string): HttpCase => ({
  ...get('', path),
  name: `DELETE ${templateOf(path)} with ${name}`,
  route: `DELETE ${templateOf(path)}`,
  method: 'DELETE',
});

const react = (method: 'PUT' | 'DELETE', name: string, path: string): HttpCase => ({
  ...get('', path),
  name: `${method} ${templateOf(path)} with ${name}`,
  route: `${method} ${templateOf(path)}`,
  method,
});
const THUMBS_UP = encodeURIComponent('👍');

const pathCases: HttpCase[] = BAD_PATH_IDS.flatMap(([name, id]) => [
  react('PUT', name, `/messages/${enc(id)}/reactions/${THUMBS_UP}`),
  react('DELETE', name, `/messages/${enc(id)}/reactions/${THUMBS_UP}`),
  remove(name, `/auth/sessions/${enc(id)}`),
  ...(['deactivate', 'reactivate'] as const).map((action): HttpCase => {
    const path = `/admin/users/${enc(id)}/${action}`;
    return { ...get('', path), name: `POST ${templateOf(path)} with ${name}`, route: `POST ${templateOf(path)}`, method: 'POST' };
  }),
  get(`/conversations/{id} with ${name}`, `/conversations/${enc(id)}`),
  get(`/conversations/{id}/messages with ${name}`, `/conversations/${enc(id)}/messages`),
  get(`/conversations/{id}/changes with ${name}`, `/conversations/${enc(id)}/changes`),
  withBody('POST', name, `/conversations/${enc(id)}/read`, '{"seq":0}'),
  withBody('PUT', name, `/conversations/${enc(id)}/settings`, '{"muted":true}'),
  withBody('PATCH', name, `/messages/${enc(id)}`, '{"content":"hello"}'),
  remove(name, `/messages/${enc(id)}`),
  get(`/messages/{id}/revisions with ${name}`, `/messages/${enc(id)}/revisions`),
  get(`/attachments/{id} with ${name}`, `/attachments/${enc(id)}`),
  get(`/attachments/{id}/thumbnail with ${name}`, `/attachments/${enc(id)}/thumbnail`),
  get(`/avatars/{id} with ${name}`, `/avatars/${enc(id)}`),
  withBody('POST', name, `/conversations/${enc(id)}/members`, `{"user_ids":["${OTHER}"]}`),
  withBody('PATCH', name, `/conversations/${enc(id)}`, '{"title":"Renamed"}'),
  // Either id of a member route: the conversation's, then the user's.
  ...memberRoutes(`/conversations/${enc(id)}/members/${OTHER}`, name),
  ...memberRoutes(`/conversations/${ROOM}/members/${enc(id)}`, name),
]);

/** DELETE and PUT of one member of a conversation, with a bad id in the path. */
function memberRoutes(path: string, name: string): HttpCase[] {
  const route = '/conversations/{id}/members/{user_id}';
  return [
    { ...remove(name, path), name: `DELETE ${route} with ${name} (${path.includes(ROOM) ? 'user_id' : 'id'})`, route: `DELETE ${route}` },
    {
      ...withBody('PUT', name, path, '{"role":"admin"}'),
      name: `PUT ${route} with ${name} (${path.includes(ROOM) ? 'user_id' : 'id'})`,
      route: `PUT ${route}`,
    },
  ];
}

/** A reaction's `{emoji}` that is not one emoji: 400 before the message is even looked up. */
const emojiCases: HttpCase[] = [...BAD_EMOJI, ['an invalid percent-encoding', '%F0%9F%91'] as const].flatMap(([name, emoji]) => [
  react('PUT', `an emoji that is ${name}`, `/messages/${UNKNOWN_MESSAGE}/reactions/${enc(emoji)}`),
  react('DELETE', `an emoji that is ${name}`, `/messages/${UNKNOWN_MESSAGE}/reactions/${enc(emoji)}`),
]);

/** The bad-input server's ATTACHMENT_MAX_BYTES (bad-input-rest.spec.ts). */
export const CORPUS_ATTACHMENT_MAX_BYTES = 1024;
const BOUNDARY = 'corpus-boundary';
const part = (name: string, filename: string | null, content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename === null ? '' : `; filename="${filename}"`}\r\n` +
  `Content-Type: application/octet-stream\r\n\r\n${content}\r\n`;
const form = (...parts: string[]) => `${parts.join('')}--${BOUNDARY}--\r\n`;

/** Uploads that must write nothing: bad multipart, no file, an empty or oversized one, (for avatars) not an image. */
function uploadCases(method: 'POST' | 'PUT', path: string): HttpCase[] {
  const upload = (
    name: string,
    body: string,
    status: number,
    code: string,
    contentType: string | null = `multipart/form-data; boundary=${BOUNDARY}`,
  ): HttpCase => ({
    name: `${method} ${path}: ${name}`,
    route: `${method} ${path}`,
    method,
    path,
    auth: true,
    body,
    contentType,
    status,
    code,
  });
  const bad = 'VALIDATION_FAILED';
  return [
    upload('no boundary in the Content-Type', form(part('file', 'a.bin', 'x')), 400, bad, 'multipart/form-data'),
    upload(
      'a body cut off in the middle',
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nxx`,
      400,
      bad,
    ),
    upload('a malformed part header', `--${BOUNDARY}\r\nContent-Disposition form-data\r\n\r\nx\r\n--${BOUNDARY}--\r\n`, 400, bad),
    upload('no parts at all', `--${BOUNDARY}--\r\n`, 400, bad),
    upload('the file under another field name', form(part('upload', 'a.bin', 'x')), 400, bad),
    upload('two files', form(part('file', 'a.bin', 'x'), part('file', 'b.bin', 'y')), 400, bad),
    upload('a text field beside the file', form(part('caption', null, 'hi'), part('file', 'a.bin', 'x')), 400, bad),
    upload('a text field instead of a file', form(part('file', null, 'x')), 400, bad),
    upload('an empty file', form(part('file', 'empty.bin', '')), 400, bad),
    upload(
      'a file one byte over the limit',
      form(part('file', 'big.bin', 'x'.repeat(CORPUS_ATTACHMENT_MAX_BYTES + 1))),
      method === 'PUT' ? 400 : 413,
      method === 'PUT' ? bad : 'PAYLOAD_TOO_LARGE',
    ),
    upload('JSON instead of a form', '{"file":"x"}', 415, 'UNSUPPORTED_MEDIA_TYPE', 'application/json'),
    upload('text/plain', 'x', 415, 'UNSUPPORTED_MEDIA_TYPE', 'text/plain'),
    upload('no Content-Type', 'x', 415, 'UNSUPPORTED_MEDIA_TYPE', null),
    ...(method === 'PUT'
      ? [
          upload('HTML named .png', form(part('file', 'me.png', '<html><script>alert(1)</script>')), 400, bad),
          upload(
            'SVG with script',
            form(part('file', 'me.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
            400,
            bad,
          ),
        ]
      : []),
  ];
}

const downloadQueryCases: HttpCase[] = [
  get('attachment with an unknown parameter', `/attachments/${OTHER}?download=1`),
  get('attachment with a repeated signature', `/attachments/${OTHER}?expires=1&signature=a&signature=b`),
  get('attachment with a 21-digit expiry', `/attachments/${OTHER}?expires=${'9'.repeat(21)}&signature=a`),
  get('attachment with a 129-character signature', `/attachments/${OTHER}?expires=1&signature=${'a'.repeat(129)}`),
  get('attachment with expires[$gt]', `/attachments/${OTHER}?expires[$gt]=1`),
  // Well-formed but not a signature of this server: nobody may know whether the file exists.
  get('attachment with a forged signature', `/attachments/${OTHER}?expires=99999999999&signature=forged`, 404, 'NOT_FOUND'),
  get('thumbnail with an unknown parameter', `/attachments/${OTHER}/thumbnail?size=1024`),
  get('avatar with an unknown parameter', `/avatars/${OTHER}?size=1024`),
];

const BAD_NUMBERS = [
  ['0', '0'],
  ['-1', '-1'],
  ['1.5', '1.5'],
  ['1e3', '1e3'],
  ['0x10', '0x10'],
  ['abc', 'abc'],
  ['empty', ''],
  ['a 20-digit number', '99999999999999999999'],
  ['2^31', '2147483648'],
  ['a leading plus', '+5'],
  ['a leading zero', '05'],
  ['spaces', '%201'],
] as const;

const queryCases: HttpCase[] = [
  ...BAD_NUMBERS.filter(([name]) => name !== '0').flatMap(([name, value]) => [
    get(`history with before_seq ${name}`, `/conversations/${ROOM}/messages?before_seq=${value}`),
    get(`history with after_seq ${name}`, `/conversations/${ROOM}/messages?after_seq=${value}`),
  ]),
  ...BAD_NUMBERS.map(([name, value]) => get(`history with limit ${name}`, `/conversations/${ROOM}/messages?limit=${value}`)),
  get('history with limit 101', `/conversations/${ROOM}/messages?limit=101`),
  get('history with a repeated limit', `/conversations/${ROOM}/messages?limit=1&limit=2`),
  get('history with limit[]', `/conversations/${ROOM}/messages?limit[]=1`),
  get('history with limit[$gt]', `/conversations/${ROOM}/messages?limit[$gt]=1`),
  get('history with before_seq and after_seq', `/conversations/${ROOM}/messages?before_seq=5&after_seq=1`),
  get('history with an unknown parameter', `/conversations/${ROOM}/messages?sort=desc`),
  get('history with __proto__ in the query', `/conversations/${ROOM}/messages?__proto__[limit]=1`),
  ...BAD_NUMBERS.filter(([name]) => name !== '0').map(([name, value]) =>
    get(`changes with after_change_seq ${name}`, `/conversations/${ROOM}/changes?after_change_seq=${value}`),
  ),
  ...BAD_NUMBERS.map(([name, value]) => get(`changes with limit ${name}`, `/conversations/${ROOM}/changes?limit=${value}`)),
  get('changes with limit 101', `/conversations/${ROOM}/changes?limit=101`),
  get('changes with a repeated cursor', `/conversations/${ROOM}/changes?after_change_seq=1&after_change_seq=2`),
  get('changes with after_seq (a history parameter)', `/conversations/${ROOM}/changes?after_seq=1`),
  get('search without q', '/search/messages'),
  get('search with an empty q', '/search/messages?q='),
  get('search with a blank q', '/search/messages?q=%20%20'),
  get('search with q of 501 characters', `/search/messages?q=${'x'.repeat(501)}`),
  get(
    'search with q of 1000 characters of FTS syntax',
    `/search/messages?q=${encodeURIComponent('NEAR(" * - : ^ '.repeat(67).slice(0, 1000))}`,
  ),
  get('search with a NUL in q', '/search/messages?q=a%00b'),
  get('search with a NUL in a from: name', '/search/messages?q=from%3Aa%00b'),
  get('search with a control character in q', '/search/messages?q=a%07b'),
  get('search with a repeated q', '/search/messages?q=a&q=b'),
  get('search with q[]', '/search/messages?q[]=a'),
  get('search with q[$ne]', '/search/messages?q[$ne]=a'),
  // Invalid UTF-8 decodes to U+FFFD; the query language has no syntax for the database: all of these are plain words.
  ...[
    ['a surrogate as invalid UTF-8', '%ED%A0%80'],
    ['500 characters of FTS syntax', encodeURIComponent('NEAR(" * - : ^ '.repeat(34).slice(0, 500))],
    ['NEAR(', 'NEAR('],
    ['a lone *', '*'],
    ['a lone "', '%22'],
    ['a lone -', '-'],
    ['a lone :', '%3A'],
    ['only operators', encodeURIComponent('AND OR NOT * "" - :')],
    ['unbalanced quotes', encodeURIComponent('"a "b')],
    ['a column filter', encodeURIComponent('content:secret')],
    ['tsquery operators', encodeURIComponent("a & !b | c <-> d:* 'e'")],
    ['an SQL injection', encodeURIComponent("x' OR 1=1 --")],
    ['only from:', 'from%3A'],
    ['500 emoji', encodeURIComponent('😀'.repeat(500))],
  ].map(([name, q]) => get(`search with q ${name}`, `/search/messages?q=${q}`, 200)),
  ...BAD_NUMBERS.map(([name, value]) => get(`search with limit ${name}`, `/search/messages?q=a&limit=${value}`)),
  get('search with limit 51', '/search/messages?q=a&limit=51'),
  ...BAD_UUIDS.flatMap(([name, id]) => [
    get(`search with conversation_id ${name}`, `/search/messages?q=a&conversation_id=${encodeURIComponent(id)}`),
    get(`search with from ${name}`, `/search/messages?q=a&from=${encodeURIComponent(id)}`),
  ]),
  get('search with before not a time', '/search/messages?q=a&before=yesterday'),
  get('search with after not a date', '/search/messages?q=a&after=2026-02-30T00:00:00Z'),
  get('search with a cursor it never gave', '/search/messages?q=a&cursor=bm90LWEtY3Vyc29y'),
  get('search with a cursor of the wrong alphabet', '/search/messages?q=a&cursor=a%2Bb%2F'),
  get('search with a cursor of 65 characters', `/search/messages?q=a&cursor=${'A'.repeat(65)}`),
  get('search with an unknown parameter', '/search/messages?q=a&sort=rank'),
  ...BAD_NUMBERS.map(([name, value]) => get(`users with limit ${name}`, `/users?limit=${value}`)),
  get('users with q of 101 characters', `/users?q=${'x'.repeat(101)}`),
  get('users with a control character in q', '/users?q=a%07b'),
  get('users with a NUL in q', '/users?q=a%00b'),
  // Invalid UTF-8 in a query string decodes to U+FFFD: harmless text, answered like any other search.
  get('users with a surrogate as invalid UTF-8 in q', '/users?q=%ED%A0%80', 200),
  get('users with a repeated q', '/users?q=a&q=b'),
  get('users with a malformed id in ids', `/users?ids=${OTHER},nope`),
  get('users with braces in ids', `/users?ids=%7B${OTHER}%7D`),
  get('users with 257 ids', `/users?ids=${Array(257).fill(OTHER).join(',')}`),
  get('users with an unknown parameter', '/users?role=admin'),
  // Checked before the caller's right to the list (a user who is no administrator: the valid query is 403).
  get('admin users with a valid query (control case)', '/admin/users?q=a&limit=5', 403, 'FORBIDDEN'),
  ...BAD_NUMBERS.map(([name, value]) => get(`admin users with limit ${name}`, `/admin/users?limit=${value}`)),
  get('admin users with q of 101 characters', `/admin/users?q=${'x'.repeat(101)}`),
  get('admin users with a NUL in q', '/admin/users?q=a%00b'),
  get('admin users with a repeated q', '/admin/users?q=a&q=b'),
  get('admin users with an unknown parameter', '/admin/users?deactivated=true'),
];

/** Every bad request of the corpus, each named. */
export const REST_CASES: readonly HttpCase[] = [
  ...Object.entries(ROUTES).flatMap(([name, spec]) => bodyCases(name, spec)),
  ...pathCases,
  ...emojiCases,
  ...queryCases,
  ...uploadCases('POST', '/attachments'),
  ...uploadCases('PUT', '/auth/me/avatar'),
  ...downloadQueryCases,
];
