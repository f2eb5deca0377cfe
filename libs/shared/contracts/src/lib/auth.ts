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

/** Body of `PATCH /auth/me`: null or an empty string clears the name. */
export interface UpdateProfileRequest {
  readonly full_name: string | null;
}

/** Body of `POST /auth/password`: every other session of the user ends. */
export interface ChangePasswordRequest {
  readonly current_password: string;
  readonly new_password: string;
}

/** Why a session ended: signed out on it, signed out from another one, the password changed, a refresh token reused, or the account deactivated. */
export const SESSION_END_REASONS = ['logout', 'revoked', 'password_changed', 'reuse_detected', 'deactivated'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** One sign-in of the user (a refresh-token family) that has not ended. */
export interface SessionInfo {
  readonly id: string;
  readonly created_at: string;
  /** When it last signed in or renewed its access token. */
  readonly last_used_at: string;
  /** The `User-Agent` it signed in with (at most 255 characters), or null. */
  readonly user_agent: string | null;
  /** The session the request itself was made with. */
  readonly current: boolean;
}

export interface SessionsResponse {
  readonly sessions: readonly SessionInfo[];
}
