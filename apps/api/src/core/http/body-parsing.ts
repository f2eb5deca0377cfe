import express, { RequestHandler } from 'express';
import { LIMITS } from '@pneumatic/contracts';
import { problem, toProblemOutcome, ValidationFailedError } from '../errors';
import { jsonShapeError } from '../validation/json-shape';
import { sendProblem } from './send-problem';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** A route whose body is a file upload (`multipart/form-data`, read by Multer as a stream), e.g. `POST /attachments`. */
export interface UploadRoute {
  readonly method: string;
  readonly path: string;
}

/**
 * JSON bodies only, at most 64 KiB, strict (objects and arrays). A body of another type answers 415,
 * malformed JSON 400, an oversized body 413, and a body too deep or with a prototype key 400 — as problem
 * details, before any route runs. The upload routes take `multipart/form-data` instead (and nothing else: 415),
 * left unread for their route's Multer to stream.
 */
export function jsonBodyParser(uploadRoutes: readonly UploadRoute[] = []): RequestHandler {
  const parse = express.json({ limit: LIMITS.bodyBytesMax, strict: true, type: JSON_TYPES });
  const uploads = new Set(uploadRoutes.map((route) => `${route.method} ${route.path}`));
  return (req, res, next) => {
    // An empty POST (Content-Length: 0, as fetch sends without a body) needs no content type.
    const empty = req.headers['content-length'] === '0';
    if (uploads.has(`${req.method} ${req.path}`)) {
      if (empty || req.is('multipart/form-data') !== false) return next();
      const outcome = { problem: problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be multipart/form-data'), unexpected: false };
      return sendProblem(res, outcome, req);
    }
    if (!empty && req.is(JSON_TYPES) === false) {
      const outcome = { problem: problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json'), unexpected: false };
      return sendProblem(res, outcome, req);
    }
    parse(req, res, (error?: unknown) => {
      if (error) return sendProblem(res, toProblemOutcome(error), req);
      const shapeError = jsonShapeError(req.body);
      if (shapeError) return sendProblem(res, toProblemOutcome(new ValidationFailedError([shapeError])), req);
      next();
    });
  };
}
