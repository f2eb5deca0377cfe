import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { LIMITS } from '@pneumatic/contracts';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../../config/app-config';
import { originAllowed } from './handshake';

/** Socket.IO on the API's HTTP server at /socket.io: 64 KiB frames, origin check, CORS from config. */
export class ChatIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    return super.createIOServer(port, {
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
        const allowed = originAllowed(this.config, request.headers.origin);
        callback(allowed ? null : 'Origin not allowed', allowed);
      },
    });
  }
}
