import { Inject, Injectable } from '@nestjs/common';
import { hours, InjectThrottlerStorage, minutes, type ThrottlerStorage } from '@nestjs/throttler';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RateLimitedError } from '../../core/errors';
import { RATE_LIMITED_TOTAL } from './rate-limit.metrics';
import { rateLimitKey } from './throttlers';

/**
 * `events`: what costs the server work or storage (sends, sync, joins). `signals`: typing and read
 * markers, which a lively client emits every few seconds — on a budget of their own, so typing never
 * eats the budget of sending, yet a flood of them is still cut off.
 */
export type EventKind = 'events' | 'signals';

/** Signals a user may emit per minute, per RATE_LIMIT_PER_MINUTE allowed events. */
const SIGNALS_PER_EVENT = 4;

const MAX_CACHED_KEYS = 100_000;

export type RateLimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Window {
  readonly name: string;
  readonly ttl: number;
  readonly limit: number;
}

/**
 * Limits socket events per user, whatever the transport and however many devices: the same limits
 * (`RATE_LIMIT_PER_MINUTE`, `RATE_LIMIT_PER_HOUR`) and the same storage as HTTP (Redis when configured,
 * so every instance shares the count), on counters of their own so a chatty socket never locks the
 * user out of the REST API, nor the reverse.
 */
@Injectable()
export class EventRateLimiter {
  private readonly windows: Readonly<Record<EventKind, readonly Window[]>>;
  /** Counter keys per user and kind: hashed once, not on every event (bounded: cleared when it grows large). */
  private readonly keys = new Map<string, readonly string[]>();

  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectMetric(RATE_LIMITED_TOTAL) private readonly refused: Counter<'transport'>,
  ) {
    this.windows = {
      events: [
        { name: 'socket-minute', ttl: minutes(1), limit: config.rateLimitPerMinute },
        { name: 'socket-hour', ttl: hours(1), limit: config.rateLimitPerHour },
      ],
      signals: [{ name: 'signal-minute', ttl: minutes(1), limit: config.rateLimitPerMinute * SIGNALS_PER_EVENT }],
    };
  }

  /** Counts one event of `userId`: allowed, or refused with the seconds to wait. */
  async consume(userId: string, kind: EventKind = 'events'): Promise<RateLimitDecision> {
    const windows = this.windows[kind];
    const keys = this.keysOf(userId, kind, windows);
    for (const [i, window] of windows.entries()) {
      const key = keys[i];
      const record = await this.storage.increment(key, window.ttl, window.limit, window.ttl, window.name);
      if (record.isBlocked) {
        this.refused.inc({ transport: 'socket' });
        return { allowed: false, retryAfterSeconds: Math.max(1, record.timeToBlockExpire) };
      }
    }
    return { allowed: true };
  }

  private keysOf(userId: string, kind: EventKind, windows: readonly Window[]): readonly string[] {
    const id = `${kind}:${userId}`;
    let keys = this.keys.get(id);
    if (!keys) {
      if (this.keys.size >= MAX_CACHED_KEYS) this.keys.clear();
      keys = windows.map((window) => rateLimitKey(window.name, `user:${userId}`));
      this.keys.set(id, keys);
    }
    return keys;
  }

  /** {@link consume}, throwing a {@link RateLimitedError} (an error ack `RATE_LIMITED`) when refused. */
  async enforce(userId: string, kind: EventKind = 'events'): Promise<void> {
    const decision = await this.consume(userId, kind);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
  }
}
