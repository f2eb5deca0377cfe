import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import { LIMITS } from '@pneumatic/contracts';
import type { IncomingMessage } from 'node:http';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../../config/app-config';
import type { RedisService } from '../../core/redis/redis.service';
import type { Lifecycle } from '../observability/lifecycle.service';
import { originAllowed } from './handshake';

/** The socket type of Nest's own copy of socket.io. */
type NestSocket = Parameters<IoAdapter['bindMessageHandlers']>[0];

/**
 * Socket.IO on the API's HTTP server at /socket.io: 64 KiB frames, origin check, CORS from config,
 * and the Redis adapter when REDIS_URL is set.
 */
export class ChatIoAdapter extends IoAdapter {
  private readonly logger = new Logger(ChatIoAdapter.name);

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
      cors: this.config.allowedOrigins === '*' ? { origin: '*' } : { origin: [...this.config.allowedOrigins], credentials: true },
      allowRequest: (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => {
        // A draining instance takes no new connections; clients retry and the load balancer sends them elsewhere.
        if (this.lifecycle.draining) return callback('Server shutting down', false);
        const allowed = originAllowed(this.config, request.headers.origin);
        callback(allowed ? null : 'Origin not allowed', allowed);
      },
    });
    if (this.redis.enabled) {
      // Rooms, emits and server-side events reach every instance through Redis pub/sub.
      server.adapter(
        createAdapter(this.redis.duplicate('socket.io-pub'), this.redis.duplicate('socket.io-sub', { subscriber: true }), {
          key: this.redis.key('socket.io'),
        }),
      );
    }
    return server;
  }

  /**
   * Binds the gateway's handlers with one plain listener per event. Nest's own binding keeps a chain of rxjs
   * subscriptions per socket and event (memory held by every idle socket, work on every event); the contract is
   * the same: a handler's result, promise or observable, is the ack, and an `{event, data}` result is emitted.
   */
  override bindMessageHandlers(
    socket: NestSocket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]);
        transform(callback(data, ack)).subscribe({
          next: (response) => {
            if (response === null || response === undefined) return;
            const { event, data: eventData } = response as { event?: string; data?: unknown };
            if (event) socket.emit(event, eventData);
            else if (!isAckHandledManually && typeof ack === 'function') ack(response);
          },
          error: (error: unknown) => this.logger.error({ err: error, event: message }, 'socket handler failed'),
        });
      });
    }
  }
}
