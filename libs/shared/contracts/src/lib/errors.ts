import type { SessionEndReason } from './auth';

/** Stable machine words carried in `code` of every problem document, error ack and error frame. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  /** An edit named an `expected_change_seq` that is no longer the message's: someone changed it meanwhile. */
  'EDIT_CONFLICT',
  /** The message is older than MESSAGE_EDIT_WINDOW allows to edit. */
  'EDIT_WINDOW_PASSED',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  /** The path of the offending field, e.g. `member_ids.2`. */
  readonly field: string;
  readonly message: string;
}

/** RFC 9457 problem details, served as `application/problem+json`. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  /** A sentence a person can read; the original clients show it. */
  readonly detail: string;
  readonly code: ErrorCode;
  readonly errors?: readonly FieldError[];
  /** The request id, to find the request in the logs. */
  readonly instance?: string;
  /** On a 401 for a token or refresh token of a session that has ended: why it ended. */
  readonly session_ended?: SessionEndReason;
}
