import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorCode, FieldError, Problem } from '@pneumatic/contracts';
import { DomainError, RateLimitedError, SessionEndedError, ValidationFailedError } from './domain-errors';
import { isDatabaseUnavailable } from './database-errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** What a failure looks like to a client, plus what only the server should know. */
export interface ProblemOutcome {
  readonly problem: Problem;
  /** Seconds for `Retry-After`, when the client should wait. */
  readonly retryAfterSeconds?: number;
  /** True when the failure is ours, not the client's: log it with its stack. */
  readonly unexpected: boolean;
}

const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

export function problem(status: number, code: ErrorCode, detail: string, errors?: readonly FieldError[]): Problem {
  return {
    type: `https://pneumatic.chat/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: reasonPhrase(status),
    status,
    detail,
    code,
    ...(errors ? { errors } : {}),
  };
}

/**
 * Maps anything thrown while serving a request or a socket event to a problem.
 * Domain errors keep their words; framework errors keep their status; the rest is a 500 (or a
 * 503 when the database is unreachable) whose detail never reveals a stack, SQL or a secret.
 */
export function toProblemOutcome(error: unknown): ProblemOutcome {
  if (error instanceof DomainError) {
    const errors = error instanceof ValidationFailedError ? error.errors : undefined;
    const base = problem(error.status, error.code, error.detail, errors);
    return {
      problem: error instanceof SessionEndedError ? { ...base, session_ended: error.reason } : base,
      retryAfterSeconds: error instanceof RateLimitedError ? error.retryAfterSeconds : undefined,
      unexpected: false,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED');
    return { problem: problem(status, code, httpExceptionDetail(error)), unexpected: status >= 500 };
  }
  const parserFailure = bodyParserProblem(error);
  if (parserFailure) return { problem: parserFailure, unexpected: false };
  if (isDatabaseUnavailable(error)) {
    return {
      problem: problem(503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; retry shortly'),
      retryAfterSeconds: 5,
      unexpected: true,
    };
  }
  return { problem: problem(500, 'INTERNAL_ERROR', 'An unexpected error occurred'), unexpected: true };
}

function httpExceptionDetail(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return withoutQuery(response);
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return withoutQuery(message);
  if (Array.isArray(message) && typeof message[0] === 'string') return message.join('; ');
  return reasonPhrase(error.getStatus());
}

/**
 * The router's "Cannot GET /path?query" would echo the query string — a `?token=` included — back to
 * the caller (and to anything logging responses): keep the path only.
 */
function withoutQuery(text: string): string {
  return text.replace(/^(Cannot [A-Z]+ [^?\s]*)\?\S*/, '$1');
}

/** body-parser marks its errors with `type` and `status`; they are the client's fault. */
function bodyParserProblem(error: unknown): Problem | null {
  if (typeof error !== 'object' || error === null) return null;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number') return null;
  switch (type) {
    case 'entity.parse.failed':
      return problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
    case 'entity.too.large':
      return problem(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 64 KiB');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be UTF-8 JSON');
    default:
      return status >= 400 && status < 500 ? problem(status, 'VALIDATION_FAILED', 'The request body could not be read') : null;
  }
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
