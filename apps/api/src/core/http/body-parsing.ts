import express, { RequestHandler } from 'express';
import { LIMITS } from '@pneumatic/contracts';
import { problem, toProblemOutcome } from '../errors';
import { sendProblem } from './send-problem';

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * JSON bodies only, at most 64 KiB, strict (objects and arrays). A body of another type answers 415,
 * malformed JSON 400 and an oversized body 413 — as problem details, before any route runs.
 */
export function jsonBodyParser(): RequestHandler {
  const parse = express.json({ limit: LIMITS.bodyBytesMax, strict: true, type: JSON_TYPES });
  return (req, res, next) => {
    // An empty POST (Content-Length: 0, as fetch sends without a body) needs no content type.
    const empty = req.headers['content-length'] === '0';
    if (!empty && req.is(JSON_TYPES) === false) {
      const outcome = { problem: problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json'), unexpected: false };
      return sendProblem(res, outcome, req);
    }
    parse(req, res, (error?: unknown) => (error ? sendProblem(res, toProblemOutcome(error), req) : next()));
  };
}
