import { SetMetadata } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';

/**
 * The counters of every HTTP route: per caller (the user behind a valid access token, else the client IP)
 * per minute and per hour; login and sign-up also per IP and per username.
 */
export const HTTP_THROTTLERS = ['minute', 'hour', 'auth-ip', 'auth-username'] as const;
export type HttpThrottlerName = (typeof HTTP_THROTTLERS)[number];

export const AUTH_RATE_LIMIT = 'pneumatic:authRateLimit';

/** Login and sign-up: besides the caller's limits, at most `AUTH_RATE_LIMIT_PER_MINUTE` per IP and per username. */
export const AuthRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(AUTH_RATE_LIMIT, true);

/**
 * Probes and scrapes (`/health`, `/ready`, `/metrics`) must never be refused: their paths are exempt from the
 * caller's limits (`isRateLimitExempt`), and this keeps every route-level limit off them too.
 */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator =>
  SkipThrottle(Object.fromEntries(HTTP_THROTTLERS.map((name) => [name, true])));
