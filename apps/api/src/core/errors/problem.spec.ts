import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ConflictError, NotMemberError, RateLimitedError, ValidationFailedError } from './domain-errors';
import { toProblemOutcome } from './problem';

describe('toProblemOutcome', () => {
  it('keeps the words and code of a domain error', () => {
    expect(toProblemOutcome(new NotMemberError())).toEqual({
      problem: {
        type: 'https://pneumatic.chat/problems/forbidden',
        title: 'Forbidden',
        status: 403,
        detail: 'You are not a member of this conversation',
        code: 'FORBIDDEN',
      },
      retryAfterSeconds: undefined,
      unexpected: false,
    });
    expect(toProblemOutcome(new ConflictError('Username already registered')).problem).toMatchObject({
      status: 409,
      code: 'CONFLICT',
      detail: 'Username already registered',
    });
  });

  it('lists the fields of a validation failure', () => {
    const outcome = toProblemOutcome(new ValidationFailedError([{ field: 'username', message: 'is too short' }]));
    expect(outcome.problem).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'username: is too short',
      errors: [{ field: 'username', message: 'is too short' }],
    });
  });

  it('carries Retry-After for rate limits', () => {
    expect(toProblemOutcome(new RateLimitedError(12)).retryAfterSeconds).toBe(12);
  });

  it('maps framework exceptions by status', () => {
    expect(toProblemOutcome(new NotFoundException('Cannot GET /x')).problem).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(toProblemOutcome(new BadRequestException('bad')).problem).toMatchObject({ status: 400, detail: 'bad' });
  });

  it('never echoes the query string of an unknown route (it may hold a token)', () => {
    const detail = toProblemOutcome(new NotFoundException('Cannot GET /nowhere?token=eyJhbGciOi.secret')).problem.detail;
    expect(detail).toBe('Cannot GET /nowhere');
  });

  it('maps body-parser failures to 400, 413 and 415', () => {
    const parserError = (type: string, status: number) => Object.assign(new Error('x'), { type, status });
    expect(toProblemOutcome(parserError('entity.parse.failed', 400)).problem.code).toBe('MALFORMED_JSON');
    expect(toProblemOutcome(parserError('entity.too.large', 413)).problem.status).toBe(413);
    expect(toProblemOutcome(parserError('charset.unsupported', 415)).problem.status).toBe(415);
  });

  it('hides the details of unexpected errors, and answers 503 when the database is unreachable', () => {
    const sqlError = new QueryFailedError('SELECT secret FROM users', [], new Error('syntax error near secret'));
    const internal = toProblemOutcome(sqlError);
    expect(internal.problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred' });
    expect(JSON.stringify(internal.problem)).not.toContain('secret');
    expect(internal.unexpected).toBe(true);

    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toProblemOutcome(refused).problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    const busy = new QueryFailedError('INSERT', [], Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    expect(toProblemOutcome(busy).problem.status).toBe(503);
  });
});
