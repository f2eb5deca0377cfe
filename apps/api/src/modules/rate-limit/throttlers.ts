import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { minutes, normalizeIp, ThrottlerModuleOptions, ThrottlerOptions, ThrottlerStorage } from '@nestjs/throttler';
import { normalizeUsername } from '@pneumatic/contracts';
import { createHash } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';
import { AUTH_RATE_LIMIT, HttpThrottlerName } from './rate-limit.decorators';

interface HttpRequestLike {
  readonly ip?: string;
  readonly body?: unknown;
}

/**
 * A counter's storage key: the tracker is hashed so that no IP or username is written to Redis in
 * clear, and so that an overlong username in a login body cannot make a huge key.
 */
export function rateLimitKey(throttler: string, tracker: string): string {
  return `rl:${throttler}:${createHash('sha256').update(tracker).digest('base64url')}`;
}

/** The client IP as Express resolved it (`X-Forwarded-For` counts only under `TRUST_PROXY`); IPv6 by /64. */
export function ipTracker(request: HttpRequestLike): string {
  return `ip:${normalizeIp(request.ip ?? 'unknown')}`;
}

/** The username a login or sign-up body names, canonicalised as accounts are; null without one. */
export function usernameOf(request: HttpRequestLike): string | null {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return null;
  const username = (body as { username?: unknown }).username;
  return typeof username === 'string' && username.trim() !== '' ? normalizeUsername(username) : null;
}

/** The route-level limits of the guard; the caller's own per-minute and per-hour limits are counted by CallerRateLimit. */
export function throttlerOptions(config: AppConfig, reflector: Reflector, storage: ThrottlerStorage): ThrottlerModuleOptions {
  const isAuthRoute = (context: ExecutionContext): boolean =>
    reflector.getAllAndOverride<boolean>(AUTH_RATE_LIMIT, [context.getHandler(), context.getClass()]) === true;
  const requestOf = (context: ExecutionContext): HttpRequestLike => context.switchToHttp().getRequest<HttpRequestLike>();
  return {
    storage,
    throttlers: [
      {
        name: 'auth-ip',
        ttl: minutes(1),
        limit: config.authRateLimitPerMinute,
        skipIf: (context) => !isAuthRoute(context),
        getTracker: (request: HttpRequestLike) => ipTracker(request),
      },
      {
        name: 'auth-username',
        ttl: minutes(1),
        limit: config.authRateLimitPerMinute,
        skipIf: (context) => !isAuthRoute(context) || usernameOf(requestOf(context)) === null,
        getTracker: (request: HttpRequestLike) => `username:${usernameOf(request)}`,
      },
    ] satisfies (ThrottlerOptions & { name: HttpThrottlerName })[],
  };
}
