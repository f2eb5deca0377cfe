import type { ErrorCode, FieldError, SessionEndReason } from '@pneumatic/contracts';

/**
 * An error a service throws on purpose. One filter turns it into problem details for HTTP,
 * and the realtime module turns it into an error ack or frame; services never know which.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: ErrorCode;
  abstract readonly title: string;

  constructor(readonly detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  readonly status = 400;
  readonly code = 'VALIDATION_FAILED';
  readonly title = 'Bad Request';

  constructor(readonly errors: readonly FieldError[], detail = describeFieldErrors(errors)) {
    super(detail);
  }
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly code = 'UNAUTHORIZED';
  readonly title = 'Unauthorized';

  constructor(detail = 'Could not validate credentials') {
    super(detail);
  }
}

const SESSION_ENDED: Readonly<Record<SessionEndReason, string>> = {
  logout: 'This session has been signed out',
  revoked: 'This session was signed out from another device',
  password_changed: 'The password was changed on another device; please log in again',
  reuse_detected: 'This session was ended because its refresh token was used twice; please log in again',
  deactivated: 'This account has been deactivated',
};

/** A token of a session that has ended: 401, and the problem says why (`session_ended`), so a client can tell its user. */
export class SessionEndedError extends UnauthorizedError {
  constructor(readonly reason: SessionEndReason) {
    super(SESSION_ENDED[reason]);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'FORBIDDEN';
  readonly title = 'Forbidden';
}

export class NotMemberError extends ForbiddenError {
  constructor() {
    super('You are not a member of this conversation');
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
  readonly title = 'Not Found';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'CONFLICT';
  readonly title = 'Conflict';
}

export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly code = 'RATE_LIMITED';
  readonly title = 'Too Many Requests';

  constructor(readonly retryAfterSeconds: number, detail = `Too many requests; retry in ${retryAfterSeconds} s`) {
    super(detail);
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly code = 'SERVICE_UNAVAILABLE';
  readonly title = 'Service Unavailable';

  constructor(detail = 'The service is temporarily unavailable; retry shortly') {
    super(detail);
  }
}

function describeFieldErrors(errors: readonly FieldError[]): string {
  if (errors.length === 0) return 'The request is invalid';
  const [first] = errors;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${first.field}: ${first.message}${more}`;
}
