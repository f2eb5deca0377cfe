import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { LIMITS } from '@pneumatic/contracts';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../../config/app-config';
import type { RedisService } from '../../core/redis/redis.service';
import type { Lifecycle } from '../observability/lifecycle.service';
import { originAllowed } from './handshake';

/**
 * Socket.IO on the API's HTTP server at /socket.io: 64 KiB frames, origin check, CORS from config,
 * and the Redis adapter when REDIS_URL is set.
 */
export class ChatIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly lifecycle: Lifecycle,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      path: '/socket.io',
      maxHttpBufferSize: LIMITS.frameBytesMax,
      // The raw WebSocket protocol shares the HTTP server: leave upgrades of other paths to it.
      destroyUpgrade: false,
      cors:
        this.config.allowedOrigins === '*'
          ? { origin: '*' }
          : { origin: [...this.config.allowedOrigins], credentials: true },
      allowRequest: (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => {
        // A draining instance takes no new connections; clients retry and the load balancer sends them elsewhere.
        if (this.lifecycle.draining) return callback('Server shutting down', false);
        const allowed = originAllowed(this.config, request.headers.origin);
        callback(allowed ? null : 'Origin not allowed', allowed);
      },
    });
    if (this.redis.enabled) {
      // Rooms, emits and server-side events reach every instance through Redis pub/sub.
      server.adapter(createAdapter(this.redis.duplicate('socket.io-pub'), this.redis.duplicate('socket.io-sub'), { key: this.redis.key('socket.io') }));
    }
    return server;
  }
}
