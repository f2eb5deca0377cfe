import { REFRESH_COOKIE, SESSION_HINT_COOKIE } from '@pneumatic/contracts';
import type { CookieOptions, Request, Response } from 'express';

/**
 * The refresh token also travels as an HttpOnly cookie scoped to /auth, so the web app never has to
 * keep a token where scripts can read it (OWASP ASVS V3.2.3).
 */
const OPTIONS: CookieOptions = { httpOnly: true, secure: true, sameSite: 'strict', path: REFRESH_COOKIE.path };
/** Says only that a refresh cookie was set, so the web app knows whether resuming a session is worth a request. */
const HINT_OPTIONS: CookieOptions = { httpOnly: false, secure: true, sameSite: 'strict', path: SESSION_HINT_COOKIE.path };

export function setRefreshCookie(response: Response, token: string, ttlSeconds: number): void {
  response.cookie(REFRESH_COOKIE.name, token, { ...OPTIONS, maxAge: ttlSeconds * 1000 });
  response.cookie(SESSION_HINT_COOKIE.name, '1', { ...HINT_OPTIONS, maxAge: ttlSeconds * 1000 });
}

export function clearRefreshCookie(response: Response): void {
  response.clearCookie(REFRESH_COOKIE.name, OPTIONS);
  response.clearCookie(SESSION_HINT_COOKIE.name, HINT_OPTIONS);
}

/** The refresh token from the body, else from the cookie. */
export function refreshTokenFrom(request: Request, bodyToken: string | undefined): string | undefined {
  if (bodyToken) return bodyToken;
  const cookie: unknown = request.cookies?.[REFRESH_COOKIE.name];
  return typeof cookie === 'string' && cookie !== '' ? cookie : undefined;
}
