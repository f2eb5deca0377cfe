import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, ProblemOutcome } from '../errors';

/** Writes a problem document; shared by the exception filter and the middleware that runs before Nest. */
export function sendProblem(response: Response, outcome: ProblemOutcome, request?: Request): void {
  if (response.headersSent) return;
  const { problem } = outcome;
  if (outcome.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(outcome.retryAfterSeconds));
  if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
  const requestId = request?.id;
  const body = requestId !== undefined ? { ...problem, instance: `urn:request:${String(requestId)}` } : problem;
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
