export interface SignupRequest {
  readonly username: string;
  readonly password: string;
  readonly full_name?: string | null;
}

export interface LoginRequest {
  readonly username: string;
  readonly password: string;
}

/** Body of `/auth/refresh` and `/auth/logout`; the token may instead come from the refresh cookie. */
export interface RefreshRequest {
  readonly refresh_token?: string;
}

export interface TokenResponse {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly token_type: 'bearer';
  /** Lifetime of the access token in seconds. */
  readonly expires_in: number;
}

/** Where the API sets the refresh token as an HttpOnly cookie. */
export const REFRESH_COOKIE = { name: 'refresh_token', path: '/auth' } as const;

/**
 * Set and cleared with the refresh cookie, with its lifetime, but readable by scripts and holding no secret (`1`):
 * the web app asks `/auth/refresh` only when it is there, so a signed-out page load makes no request bound to fail.
 */
export const SESSION_HINT_COOKIE = { name: 'pc_session', path: '/' } as const;
