import express, { RequestHandler } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { precompressedAssets } from './precompressed-assets';

/** First path segments that belong to the API; the web app never answers for them. */
const API_ROOTS = new Set([
  'auth',
  'users',
  'conversations',
  'messages',
  'search',
  'health',
  'ready',
  'metrics',
  'docs',
  'docs-json',
  'ws',
  'socket.io',
]);

const HASHED_FILE = /-[A-Z0-9]{8,}\.(js|css)$/;

/**
 * Serves the built Angular app: its files, `index.html` at `/` whatever the `Accept` header (the original
 * service did, and its clients rely on it), and `index.html` for its client-side routes (any GET that asks
 * for text/html outside the API's paths). Returns null when there is no build.
 */
export function webAppHandlers(distPath: string | null): RequestHandler[] | null {
  if (!distPath || !existsSync(join(distPath, 'index.html'))) return null;
  const index = join(distPath, 'index.html');
  const files = express.static(distPath, {
    index: false,
    // Angular names its bundles by content hash: those never change; anything else is revalidated.
    setHeaders: (res, path) => res.setHeader('Cache-Control', HASHED_FILE.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  const spaFallback: RequestHandler = (req, res, next) => {
    const root = req.path.split('/')[1] ?? '';
    // Browsers navigating ask for text/html explicitly; API clients (Accept: */* or JSON) get the API's 404.
    const wantsPage = req.path === '/' || (req.headers.accept ?? '').includes('text/html');
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_ROOTS.has(root) || !wantsPage) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  const bundles = precompressedAssets(distPath, (path) => HASHED_FILE.test(path));
  const assets: RequestHandler = (req, res, next) => bundles(req, res, () => files(req, res, next));
  return [(req, res, next) => (API_ROOTS.has(req.path.split('/')[1] ?? '') || req.path === '/' ? next() : assets(req, res, next)), spaFallback];
}
