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
import type { Response } from 'express';
import type { Counter } from 'prom-client';
import { RateLimitedError } from '../../core/errors';
import { limitStatesOf, tightest, writeRateLimitHeaders } from './rate-limit-headers';
import { RATE_LIMITED_TOTAL } from './rate-limit.metrics';
import { rateLimitKey } from './throttlers';

/**
 * @nestjs/throttler for the limits a route adds to the caller's own (which CallerRateLimit counted at the
 * edge): login and sign-up per IP and per username. It writes the `X-RateLimit-*` headers of the
 * tightest limit of all, and refuses as 429 problem details with `Retry-After`. Sockets are limited by the
 * {@link EventRateLimiter} instead.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @InjectMetric(RATE_LIMITED_TOTAL) private readonly refused: Counter<'transport'>,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = await super.canActivate(context);
    const { req, res } = this.getRequestResponse(context);
    const state = tightest(limitStatesOf(req));
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
    limitStatesOf(req).push({ limit, remaining: limit - record.totalHits, resetSeconds: record.timeToExpire });
    return true;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return rateLimitKey(throttlerName, tracker);
  }
}
