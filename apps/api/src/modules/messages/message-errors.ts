import { ConflictError, DomainError, ForbiddenError } from '../../core/errors';

/** The edit named an expected_change_seq the message no longer has: another edit came first (SPEC 10.2). */
export class EditConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'EDIT_CONFLICT';
  readonly title = 'Conflict';

  constructor() {
    super('This message was changed since you began editing it; check its current text and edit again');
  }
}

/** MESSAGE_EDIT_WINDOW has passed since the message was sent. */
export class EditWindowPassedError extends DomainError {
  readonly status = 403;
  readonly code = 'EDIT_WINDOW_PASSED';
  readonly title = 'Forbidden';

  constructor(windowSeconds: number) {
    super(`Messages can only be edited within ${describeSeconds(windowSeconds)} of sending`);
  }
}

export class NotAuthorError extends ForbiddenError {
  constructor(action: 'edit' | 'delete') {
    super(action === 'edit' ? 'Only the author can edit a message' : 'Only the author can delete a message');
  }
}

export class MessageDeletedError extends ConflictError {
  constructor() {
    super('The message was deleted');
  }
}

function describeSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** System messages record changes to a group: nobody edits, deletes or reacts to them (SPEC 10.4). */
export class SystemMessageError extends ConflictError {
  constructor(action: 'edit' | 'delete' | 'react to') {
    super(`A system message cannot be ${action === 'edit' ? 'edited' : action === 'delete' ? 'deleted' : 'reacted to'}`);
  }
}
