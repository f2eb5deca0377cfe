import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteRange } from './storage/object-storage';

/** A stored file ready to be sent: its facts, and how to read it (or a range of it). */
export interface Servable {
  readonly size: number;
  readonly contentType: string;
  /** A strong validator of the bytes (their hash). */
  readonly etag: string;
  readonly filename: string;
  /** Shown by the browser (the allowed image types), or else downloaded in a sandbox. */
  readonly inline: boolean;
  open(range?: ByteRange): Promise<Readable>;
}

/**
 * Sends a stored file as SPEC 10.6 asks: its detected type, length, ETag (304 for a matching If-None-Match), one
 * `Range` (206; 416 when it cannot be satisfied; several ranges or a stale `If-Range` get the whole file), `nosniff`,
 * and `inline` only for the allowed images — anything else is an `attachment` under `Content-Security-Policy:
 * sandbox`, so not even an HTML or SVG file opened directly can run script on this origin.
 */
export async function serveFile(request: Request, response: Response, file: Servable): Promise<void> {
  const etag = `"${file.etag}"`;
  response.setHeader('ETag', etag);
  response.setHeader('Accept-Ranges', 'bytes');
  // Revalidated on every use (a deleted message's file must stop showing); never transformed (no gzip under a Range).
  response.setHeader('Cache-Control', 'private, no-cache, no-transform');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.attachment(file.filename);
  if (file.inline) {
    response.setHeader('Content-Disposition', String(response.getHeader('Content-Disposition')).replace(/^attachment/, 'inline'));
  } else {
    response.setHeader('Content-Security-Policy', 'sandbox');
  }
  response.setHeader('Content-Type', file.contentType);
  if (matches(request.headers['if-none-match'], etag)) {
    response.status(304).end();
    return;
  }
  let range: ByteRange | undefined;
  const ifRange = request.headers['if-range'];
  if (request.headers.range && (ifRange === undefined || ifRange === etag)) {
    const ranges = request.range(file.size, { combine: true });
    if (ranges === -1) {
      response.setHeader('Content-Range', `bytes */${file.size}`);
      response.removeHeader('Content-Disposition');
      response.status(416).end();
      return;
    }
    if (Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1) range = ranges[0];
  }
  const body = await file.open(range);
  if (range) {
    response.status(206);
    response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
    response.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    response.status(200);
    response.setHeader('Content-Length', String(file.size));
  }
  if (request.method === 'HEAD') {
    body.destroy();
    response.end();
    return;
  }
  // A client that goes away mid-download ends the pipeline with an error that is nobody's business.
  await pipeline(body, response).catch(() => undefined);
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
