import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { MemoryThrottlerStorage } from './memory-storage';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Longest a request waits for the shared counters (Redis answers in well under a millisecond when healthy). */
const SHARED_TIMEOUT_MS = 250;

/**
 * Counters shared by every instance (Redis), falling back to this process's own counters while the
 * shared store is unreachable or slow: limits stay enforced (per instance) and no request waits more than
 * a moment on, or fails because of, a Redis outage. Readiness reports Redis down in the meantime.
 */
export class FallbackThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly local = new MemoryThrottlerStorage();
  private degraded = false;

  constructor(
    private readonly shared: ThrottlerStorage,
    private readonly sharedAvailable: () => boolean,
    private readonly timeoutMs = SHARED_TIMEOUT_MS,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    if (this.sharedAvailable()) {
      try {
        const record = await this.withinTimeout(this.shared.increment(key, ttl, limit, blockDuration, throttlerName));
        this.setDegraded(false);
        return record;
      } catch (error) {
        this.setDegraded(true, error);
      }
    } else {
      this.setDegraded(true);
    }
    return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
  }

  private async withinTimeout(record: Promise<ThrottlerStorageRecord>): Promise<ThrottlerStorageRecord> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([record, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private setDegraded(degraded: boolean, error?: unknown): void {
    if (degraded === this.degraded) return;
    this.degraded = degraded;
    if (degraded) {
      const reason = error instanceof Error ? error.message : 'not connected';
      this.logger.warn({ reason }, 'shared rate-limit counters unavailable: counting per instance until Redis is back');
    } else {
      this.logger.log('shared rate-limit counters available again');
    }
  }
}
