import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/**
 * The one Redis connection of the process (when REDIS_URL is set), plus duplicates for subscribers.
 * Several instances share Socket.IO rooms, rate-limit counters and presence through it.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  private main: Redis | null = null;
  private readonly extra: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.redisUrl !== null;
  }

  /** Namespaces a key or channel: `<prefix>:<name>`. */
  key(name: string): string {
    return `${this.config.redisKeyPrefix}:${name}`;
  }

  /** The shared command connection (created on first use). */
  get client(): Redis {
    this.main ??= this.connect('main');
    return this.main;
  }

  /**
   * A connection of its own, e.g. for subscribing (a subscribed connection can do nothing else). A `subscriber`'s
   * SUBSCRIBE waits for Redis however long it is away (ioredis subscribes again after every reconnection): failing it
   * after a few retries would reject a promise its library never handles (the Socket.IO adapter's), and stop the process.
   */
  duplicate(name: string, options: { subscriber?: boolean } = {}): Redis {
    const connection = this.connect(name, options.subscriber ? null : 2);
    this.extra.push(connection);
    return connection;
  }

  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.client.ping(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // QUIT on a connection that is not up would wait for Redis to come back (a subscriber's waits forever): drop it.
    await Promise.all(
      [this.main, ...this.extra].map((connection) =>
        connection?.status === 'ready' ? connection.quit().catch(() => connection.disconnect()) : connection?.disconnect(),
      ),
    );
  }

  private connect(name: string, maxRetriesPerRequest: number | null = 2): Redis {
    if (!this.config.redisUrl) throw new Error('REDIS_URL is not set');
    const connection = new Redis(this.config.redisUrl, {
      connectionName: `pneumatic:${name}`,
      // Fail commands fast while Redis is away instead of queueing them without bound.
      maxRetriesPerRequest,
      enableOfflineQueue: true,
    });
    // ioredis retries on its own; say when the connection is lost and when it is back, not every attempt.
    let down = false;
    connection.on('error', (error) => {
      if (down) return;
      down = true;
      this.logger.warn({ err: error, connection: name }, 'Redis connection lost; retrying');
    });
    connection.on('ready', () => {
      if (!down) return;
      down = false;
      this.logger.log({ connection: name }, 'Redis connection restored');
    });
    return connection;
  }
}
