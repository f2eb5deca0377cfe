// No imports: tracing loads this before the libraries it instruments (pino among them).

/**
 * Replaces the value of every token query parameter, in a URL (`/ws?token=…`, a Socket.IO handshake)
 * or in a bare query string (`token=…&EIO=4`), and the signature of a signed download link (it opens the file
 * to whoever holds it until it expires).
 */
export function redactUrl(url: string): string {
  return url.replace(/(^|[?&])((?:access_|refresh_)?token=|signature=)[^&#]*/gi, '$1$2[redacted]');
}
