import { ERROR_CODES, LIMITS, REFRESH_COOKIE, type ErrorCode } from '@pneumatic/contracts';
import type { HeaderObject, ReferenceObject, TagObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * The response headers the API sends, declared once under `components.headers` and referenced by name from
 * the answers that always carry them (hence `required`; the e2e conformance check holds the server to it).
 */
const HEADERS = {
  'X-Request-Id': {
    description: 'The id of this request in the server logs: the caller’s own `X-Request-Id` when it sent one, else a new UUID.',
    schema: { type: 'string', example: '5c5ef5d7-1383-4289-9da1-c46054819bc4' },
  },
  'X-RateLimit-Limit': {
    description: 'Requests allowed in the current window of the tightest limit that applies to the caller.',
    schema: { type: 'integer', minimum: 0, example: 60 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in that window.',
    schema: { type: 'integer', minimum: 0, example: 59 },
  },
  'X-RateLimit-Reset': {
    description: 'When that window starts afresh, as a Unix time in seconds.',
    schema: { type: 'integer', minimum: 0, example: 1767225600 },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 1, example: 42 },
  },
  'WWW-Authenticate': {
    description: 'Always `Bearer`: send `Authorization: Bearer <access token>`.',
    schema: { type: 'string', example: 'Bearer' },
  },
  'Set-Cookie': {
    description:
      `The refresh token as an \`HttpOnly; Secure; SameSite=Strict; Path=${REFRESH_COOKIE.path}\` cookie named \`${REFRESH_COOKIE.name}\` ` +
      '(set on login and refresh, cleared on logout and on a refused refresh). `/auth/refresh` and `/auth/logout` read it when the body has no token.',
    schema: {
      type: 'string',
      example: `${REFRESH_COOKIE.name}=eyJhbGciOi…; Max-Age=604800; Path=${REFRESH_COOKIE.path}; HttpOnly; Secure; SameSite=Strict`,
    },
  },
} satisfies Record<string, HeaderObject>;

export type ResponseHeaderName = keyof typeof HEADERS;

export const RESPONSE_HEADERS: Readonly<Record<ResponseHeaderName, HeaderObject>> = Object.fromEntries(
  Object.entries(HEADERS).map(([name, header]) => [name, { required: true, ...header }]),
) as Record<ResponseHeaderName, HeaderObject>;

export const headerRef = (name: ResponseHeaderName): ReferenceObject => ({ $ref: `#/components/headers/${name}` });

/** `headers` of a response that sets or clears the refresh-token cookie: `@ApiOkResponse({ type, headers: SETS_REFRESH_COOKIE })`. */
export const SETS_REFRESH_COOKIE: Readonly<Record<string, ReferenceObject>> = { 'Set-Cookie': headerRef('Set-Cookie') };

/** Every rate-limited answer carries these (SPEC section 7). */
export const RATE_LIMIT_HEADERS: readonly ResponseHeaderName[] = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/** What each problem status means here, with the `code` a client can switch on. */
export const PROBLEM_STATUSES: Readonly<
  Record<number, { readonly description: string; readonly code: ErrorCode; readonly detail: string }>
> = {
  400: {
    description: 'Invalid input: malformed JSON (`MALFORMED_JSON`), or fields that break the rules (`VALIDATION_FAILED`, with `errors`)',
    code: 'VALIDATION_FAILED',
    detail: 'username: must be 3 to 32 of a-z 0-9 _ . -',
  },
  401: {
    description: 'Missing, malformed, expired or revoked credentials (`WWW-Authenticate: Bearer`)',
    code: 'UNAUTHORIZED',
    detail: 'Could not validate credentials',
  },
  403: {
    description: 'Not allowed, e.g. not a member of the conversation',
    code: 'FORBIDDEN',
    detail: 'You are not a member of this conversation',
  },
  404: { description: 'No such resource', code: 'NOT_FOUND', detail: 'Conversation not found' },
  409: { description: 'Conflicts with the current state', code: 'CONFLICT', detail: 'Username already registered' },
  413: {
    description: `Body larger than ${LIMITS.bodyBytesMax / 1024} KiB`,
    code: 'PAYLOAD_TOO_LARGE',
    detail: 'The request body is larger than 64 KiB',
  },
  415: {
    description: 'A body that is not `application/json`',
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'The request body must be application/json',
  },
  429: { description: 'Over a rate limit: wait `Retry-After` seconds', code: 'RATE_LIMITED', detail: 'Too many requests; retry in 42 s' },
  503: {
    description: 'The database is unreachable: retry after `Retry-After` seconds',
    code: 'SERVICE_UNAVAILABLE',
    detail: 'The database is unavailable; retry shortly',
  },
};

export const DEFAULT_PROBLEM = {
  description: 'An unexpected error (500, `INTERNAL_ERROR`): never a stack trace',
  code: 'INTERNAL_ERROR',
  detail: 'An unexpected error occurred',
} as const;

/** The tags operations are grouped by, in the order a client writer reads them. */
export const TAGS: readonly TagObject[] = [
  { name: 'auth', description: 'Accounts and tokens: sign up, log in, rotate and revoke refresh tokens, the caller.' },
  { name: 'users', description: 'The people on this server, to start conversations with.' },
  { name: 'conversations', description: 'The caller’s 1-on-1s and groups, unread counts and read markers.' },
  { name: 'messages', description: 'Sending (idempotent per `message_id`) and paging through history.' },
  { name: 'attachments', description: 'Files and pictures: upload, send with a message, download by token or signed link; avatars.' },
  { name: 'search', description: 'Finding any message the caller can read: words, phrases, `from:`, newest first, with snippets.' },
  { name: 'admin', description: 'For the users named in `ADMIN_USERNAMES`: list, deactivate and reactivate accounts.' },
  { name: 'operations', description: 'Probes for orchestrators: liveness and readiness. Never rate limited, never authenticated.' },
];

export const PROBLEM_SCHEMA_REF: ReferenceObject = { $ref: '#/components/schemas/ProblemDto' };

export const isErrorCode = (code: string): code is ErrorCode => (ERROR_CODES as readonly string[]).includes(code);
