import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/** Injection token of the shared Redis connection: an ioredis client, or null when `REDIS_URL` is unset. */
export const REDIS = Symbol('REDIS');

/** How long start-up waits for Redis before going on without it (readiness then reports it down). */
const CONNECT_WAIT_MS = 3000;

/**
 * A connection that fails fast instead of queueing: while Redis is away, a command errors at once
 * (callers fall back or report), and the client keeps reconnecting in the background.
 */
export function createRedisClient(url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}

/** Opens the connection at start-up, logs when it is lost and back, and closes it on shutdown. */
@Injectable()
class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private lost = false;

  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onModuleInit(): Promise<void> {
    const redis = this.redis;
    if (!redis) return;
    redis.on('error', (error: Error) => {
      if (this.lost) return;
      this.lost = true;
      this.logger.warn({ err: { message: error.message } }, 'Redis is unreachable; retrying in the background');
    });
    redis.on('ready', () => {
      if (this.lost) this.logger.log('Redis is reachable again');
      this.lost = false;
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, CONNECT_WAIT_MS)));
    await Promise.race([redis.connect().catch(() => undefined), waited]);
    clearTimeout(timer);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis || this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

/** The one Redis connection of the process (shared rate-limit counters, readiness), when configured. */
@Global()
@Module({
  providers: [
    { provide: REDIS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => (config.redisUrl ? createRedisClient(config.redisUrl) : null) },
    RedisConnection,
  ],
  exports: [REDIS],
})
export class RedisModule {}
