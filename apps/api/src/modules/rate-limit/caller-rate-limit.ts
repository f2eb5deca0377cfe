import { Inject, Injectable, Logger } from '@nestjs/common';
import { hours, InjectThrottlerStorage, minutes, type ThrottlerStorage } from '@nestjs/throttler';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Request, RequestHandler, Response } from 'express';
import type { Counter } from 'prom-client';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RateLimitedError, toProblemOutcome } from '../../core/errors';
import { sendProblem } from '../../core/http/send-problem';
import { TokenService } from '../auth/token.service';
import { limitStatesOf, tightest, writeRateLimitHeaders } from './rate-limit-headers';
import { RATE_LIMITED_TOTAL } from './rate-limit.metrics';
import { ipTracker, rateLimitKey } from './throttlers';

/** First path segments never counted: probes and scrapes must never be refused (SPEC section 7), nor the docs. */
const EXEMPT_ROOTS: ReadonlySet<string> = new Set(['health', 'ready', 'metrics', 'docs', 'docs-json', 'docs-yaml']);

/** Whether requests to this path are free of every rate limit (and carry no `X-RateLimit-*` headers). */
export const isRateLimitExempt = (path: string): boolean => EXEMPT_ROOTS.has(path.split('/')[1] ?? '');

/**
 * The caller's own limits — per minute and per hour, one count per request across all paths — applied at
 * the HTTP edge, before the body is parsed and before routing: so an unknown path's 404 and a body refused
 * before any route runs (malformed JSON, 413, 415) count and carry the `X-RateLimit-*` headers like every
 * other answer (SPEC section 2). The caller is the user of a valid access token, whatever their IP, else the
 * client IP. Login and sign-up's extra limits, which need the parsed body, stay in {@link RateLimitGuard}.
 */
@Injectable()
export class CallerRateLimit {
  private readonly logger = new Logger(CallerRateLimit.name);
  private readonly limits: readonly { readonly name: string; readonly ttl: number; readonly limit: number }[];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    private readonly tokens: TokenService,
    @InjectMetric(RATE_LIMITED_TOTAL) private readonly refused: Counter<'transport'>,
  ) {
    this.limits = [
      { name: 'minute', ttl: minutes(1), limit: config.rateLimitPerMinute },
      { name: 'hour', ttl: hours(1), limit: config.rateLimitPerHour },
    ];
  }

  readonly middleware: RequestHandler = (req, res, next) => {
    if (req.method === 'OPTIONS' || isRateLimitExempt(req.path)) return next();
    this.count(req, res).then(
      () => next(),
      (error: unknown) => {
        const outcome = toProblemOutcome(error);
        if (outcome.unexpected) this.logger.error({ err: error }, 'rate limit counting failed');
        sendProblem(res, outcome, req);
      },
    );
  };

  private async count(request: Request, response: Response): Promise<void> {
    const tracker = await this.callerOf(request);
    const states = limitStatesOf(request);
    for (const { name, ttl, limit } of this.limits) {
      const record = await this.storage.increment(rateLimitKey(name, tracker), ttl, limit, ttl, name);
      if (record.isBlocked) {
        writeRateLimitHeaders(response, { limit, remaining: 0, resetSeconds: record.timeToBlockExpire });
        this.refused.inc({ transport: 'http' });
        throw new RateLimitedError(Math.max(1, record.timeToBlockExpire));
      }
      states.push({ limit, remaining: limit - record.totalHits, resetSeconds: record.timeToExpire });
    }
    const state = tightest(states);
    if (state) writeRateLimitHeaders(response, state);
  }

  /** `user:<id>` for a valid access token (a signature check, no query), else `ip:<address>`. */
  private async callerOf(request: Request): Promise<string> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (match) {
      try {
        return `user:${(await this.tokens.verifyAccess(match[1])).sub}`;
      } catch {
        // An invalid token is the access-token guard's to refuse; until then the caller is anonymous.
      }
    }
    return ipTracker(request);
  }
}
