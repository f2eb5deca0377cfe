/** RFC 6750 §2.1: `Bearer` (any case), one space, one b64token — nothing before or after it. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/** The access token of an `Authorization` header, or null when the header is absent or not exactly one bearer token. */
export function bearerToken(header: unknown): string | null {
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  return match ? match[1] : null;
}
