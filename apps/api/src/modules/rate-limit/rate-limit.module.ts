import { Global, Module } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RedisService } from '../../core/redis/redis.service';
import { EventRateLimiter } from './event-rate-limiter';
import { FallbackThrottlerStorage } from './fallback-storage';
import { MemoryThrottlerStorage } from './memory-storage';
import { rateLimitMetrics } from './rate-limit.metrics';
import { throttlerOptions } from './throttlers';

/**
 * Rate limits (SPEC section 7) on @nestjs/throttler: the HTTP guard and the per-user socket event limiter.
 * Counters live in memory, or in Redis when `REDIS_URL` is set so that every instance shares them.
 * AppModule registers the HTTP guard (RateLimitGuard) ahead of every other global guard.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, Reflector, RedisService],
      useFactory: (config: AppConfig, reflector: Reflector, redis: RedisService) =>
        throttlerOptions(config, reflector, redis.enabled ? sharedStorage(redis) : new MemoryThrottlerStorage()),
    }),
  ],
  providers: [EventRateLimiter, ...rateLimitMetrics],
  exports: [EventRateLimiter, ...rateLimitMetrics],
})
export class RateLimitModule {}

/** Counters in Redis under `REDIS_KEY_PREFIX`, this instance's own while Redis is away. */
function sharedStorage(redis: RedisService): FallbackThrottlerStorage {
  const counters = new ThrottlerStorageRedisService(redis.client);
  return new FallbackThrottlerStorage(
    { increment: (key, ...rest) => counters.increment(redis.key(key), ...rest) },
    () => redis.client.status === 'ready',
  );
}
