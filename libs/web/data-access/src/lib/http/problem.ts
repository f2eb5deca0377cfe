import { HttpErrorResponse } from '@angular/common/http';
import type { Problem } from '@pneumatic/contracts';

/** The problem document carried by a failed request or an error ack, when there is one. */
export function problemOf(error: unknown): Problem | null {
  const candidate = error instanceof HttpErrorResponse ? error.error : error;
  if (typeof candidate === 'object' && candidate !== null && 'detail' in candidate && 'status' in candidate) {
    const { detail, status } = candidate as Partial<Problem>;
    if (typeof detail === 'string' && typeof status === 'number') return candidate as Problem;
  }
  return null;
}

/**
 * A sentence to show a person for any failure: the server's `detail` when it sent one
 * (the product contract says clients show it), otherwise a plain description of what went wrong.
 */
export function describeError(error: unknown): string {
  const problem = problemOf(error);
  if (problem) return problem.detail;
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return 'Cannot reach the server. Check your connection and try again.';
    if (error.status >= 500) return 'The server had a problem. Please try again.';
    return `The request failed (${error.status}).`;
  }
  if (error instanceof Error && /timed out/i.test(error.message)) return 'The server did not answer in time.';
  return 'Something went wrong. Please try again.';
}

/** True for failures that say nothing about the request itself: no connection, a restarting server, a timeout. */
export function isTransientError(error: unknown): boolean {
  const status = error instanceof HttpErrorResponse ? error.status : problemOf(error)?.status;
  if (status === undefined) return true;
  return status === 0 || status === 429 || status >= 500;
}
