import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Request, Response } from 'express';
import type { Counter } from 'prom-client';
import { RateLimitedError } from '../../core/errors';
import type { AuthUser } from '../../core/http/current-user.decorator';
import { TokenService } from '../auth/token.service';
import { LimitState, tightest, writeRateLimitHeaders } from './rate-limit-headers';
import { RATE_LIMITED_TOTAL } from './rate-limit.metrics';
import { ipTracker, rateLimitKey } from './throttlers';

const STATES = Symbol('rateLimitStates');
const CALLER = Symbol('rateLimitCaller');
type LimitedRequest = Request & { user?: AuthUser; [STATES]?: LimitState[]; [CALLER]?: Promise<string> };

/**
 * @nestjs/throttler for every HTTP route, with the product's rules on top: one counter per caller
 * across all routes (not per route), the caller being the user of a valid access token or else the
 * client IP; the `X-RateLimit-*` headers of the tightest limit; a refusal as 429 problem details
 * with `Retry-After`. Sockets are limited by the {@link EventRateLimiter} instead.
 *
 * It runs before the access-token guard, so requests that will be refused as unauthenticated are
 * counted (per IP) too; hence it reads the caller from the token itself: a signature check, no query.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tokens: TokenService,
    @InjectMetric(RATE_LIMITED_TOTAL) private readonly refused: Counter<'transport'>,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = await super.canActivate(context);
    const { req, res } = this.getRequestResponse(context);
    const state = tightest((req as LimitedRequest)[STATES] ?? []);
    if (state) writeRateLimitHeaders(res as Response, state);
    return allowed;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, blockDuration, getTracker, generateKey } = request;
    const { req, res } = this.getRequestResponse(context);
    const name = throttler.name ?? 'default';
    const key = generateKey(context, await getTracker(req, context), name);
    const record = await this.storageService.increment(key, ttl, limit, blockDuration, name);
    if (record.isBlocked) {
      writeRateLimitHeaders(res as Response, { limit, remaining: 0, resetSeconds: record.timeToBlockExpire });
      this.refused.inc({ transport: 'http' });
      throw new RateLimitedError(Math.max(1, record.timeToBlockExpire));
    }
    const states = ((req as LimitedRequest)[STATES] ??= []);
    states.push({ limit, remaining: limit - record.totalHits, resetSeconds: record.timeToExpire });
    return true;
  }

  /** The user of a valid access token (`user:<id>`), else the client IP (`ip:<address>`); worked out once a request. */
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as LimitedRequest;
    request[CALLER] ??= this.callerOf(request);
    return request[CALLER];
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return rateLimitKey(throttlerName, tracker);
  }

  private async callerOf(request: LimitedRequest): Promise<string> {
    const userId = request.user?.id ?? (await this.userIdFromToken(request));
    return userId ? `user:${userId}` : ipTracker(request);
  }

  private async userIdFromToken(request: Request): Promise<string | null> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) return null;
    try {
      return (await this.tokens.verifyAccess(match[1])).sub;
    } catch {
      // An invalid token is the access-token guard's to refuse; until then the caller is anonymous.
      return null;
    }
  }
}
