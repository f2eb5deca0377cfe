import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LIMITS, type RawServerFrame } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { SerialQueue } from '../../core/concurrency/serial-queue';
import { isDatabaseUnavailable, toProblemOutcome, ValidationFailedError } from '../../core/errors';
import type { AuthUser } from '../../core/http/current-user.decorator';
import { validatePayload } from '../../core/validation/payload';
import { AuthService } from '../auth/auth.service';
import { Lifecycle } from '../observability/lifecycle.service';
import { PresenceService } from '../presence/presence.service';
import { ConversationsService } from '../conversations/conversations.service';
import { MessagesService } from '../messages/messages.service';
import { ChatMetrics } from '../observability/chat-metrics.service';
import { traceSocketEvent } from '../observability/tracing/socket-spans';
import { EventRateLimiter } from '../rate-limit/event-rate-limiter';
import { RawJoinFrameDto, RawMessageFrameDto } from './raw-frames.dto';
import { originAllowed } from './handshake';
import { RawClients } from './raw-clients';
import { MAX_TIMER_MS } from './realtime.types';

/** RFC 6455 close code for a policy violation: what the original protocol answers to a bad token. */
const POLICY_VIOLATION = 1008;
const GOING_AWAY = 1001;
/** RFC 6455 "Try Again Later": the database is away, the token may well be fine. */
const TRY_AGAIN_LATER = 1013;

/**
 * The original protocol at /ws, beside Socket.IO on the same HTTP server: `?token=` auth (close 1008
 * on failure), `join` → `joined`, `message` frames in, every message of the user's conversations out,
 * and `{"type":"error","reason"}` for anything wrong without closing. A thin adapter over the services.
 */
@Injectable()
export class RawWebSocketServer implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(RawWebSocketServer.name);
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.frameBytesMax });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly clients: RawClients,
    private readonly messages: MessagesService,
    private readonly conversations: ConversationsService,
    private readonly auth: AuthService,
    private readonly metrics: ChatMetrics,
    private readonly rateLimiter: EventRateLimiter,
    private readonly presence: PresenceService,
    private readonly lifecycle: Lifecycle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const server: Server = this.adapterHost.httpAdapter.getHttpServer();
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (request.url ?? '').split('?')[0];
      if (path === '/ws') this.upgrade(request, socket, head);
      else if (!path.startsWith('/socket.io')) socket.destroy();
    });
  }

  /** Tells raw clients to go (1001) before the server closes, so they reconnect to another instance. */
  beforeApplicationShutdown(): void {
    this.clients.closeAll(GOING_AWAY, 'Server shutting down');
  }

  onApplicationShutdown(): void {
    this.wss.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.lifecycle.draining) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!originAllowed(this.config, request.headers.origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => void this.accept(ws, request));
  }

  private accept(ws: WebSocket, request: IncomingMessage): void {
    const token = new URL(request.url ?? '', 'http://localhost').searchParams.get('token');
    // Frames are handled one after another — the first job is authentication, so nothing sent right
    // after the upgrade is lost, and a device's messages are stored in the order it sent them.
    const frames = new SerialQueue();
    const deviceId = `ws:${randomUUID()}`;
    let session: { user: AuthUser; expiresAt: number; expiry: { timer?: NodeJS.Timeout } } | null = null;
    void frames.run(async () => {
      const identity = token ? await this.verify(token) : null;
      if (identity === 'unavailable') return ws.close(TRY_AGAIN_LATER, 'Service unavailable; retry shortly');
      if (!identity) return ws.close(POLICY_VIOLATION, token ? 'Invalid or expired token' : 'Missing authentication token');
      if (ws.readyState !== WebSocket.OPEN) return;
      session = { ...identity, expiry: this.expireAt(ws, identity.expiresAt) };
      this.clients.add(identity.user, ws);
      this.metrics.socketConnected('ws');
      this.logger.debug({ socket: deviceId, user_id: identity.user.id }, 'raw socket connected');
      await this.presence.deviceConnected(identity.user.id, deviceId);
    });
    ws.on('message', (data, isBinary) => {
      void frames.run(async () => {
        if (session) await this.onFrame(ws, session.user, session.expiresAt, isBinary ? null : data.toString());
      });
    });
    ws.on('error', (error) => this.logger.warn({ err: error, user_id: session?.user.id }, 'raw socket error'));
    // Queued too, so it runs after authentication even when the client leaves during it.
    ws.once('close', (code) =>
      void frames.run(async () => {
        if (!session) return;
        clearTimeout(session.expiry.timer);
        this.clients.remove(session.user, ws);
        this.metrics.socketDisconnected('ws');
        this.logger.debug({ socket: deviceId, user_id: session.user.id, code }, 'raw socket disconnected');
        await this.presence.deviceDisconnected(session.user.id, deviceId);
      }),
    );
  }

  private async onFrame(ws: WebSocket, user: AuthUser, expiresAt: number, text: string | null): Promise<void> {
    try {
      if (Date.now() >= expiresAt) return ws.close(POLICY_VIOLATION, 'Token expired');
      const ended = this.auth.sessionEnded(user.sessionId);
      if (ended) return ws.close(POLICY_VIOLATION, ended.detail);
      await this.rateLimiter.enforce(user.id);
      const frame = parseFrame(text);
      if (frame.type === 'join') {
        const { conversation_id } = await validatePayload(RawJoinFrameDto, frame);
        await traceSocketEvent('ws', 'join', () => this.conversations.requireMember(conversation_id, user.id));
        return reply(ws, { type: 'joined', conversation_id });
      }
      if (frame.type === 'message') {
        const input = await validatePayload(RawMessageFrameDto, frame);
        // The stored message reaches this socket through the fan-out, like every other device.
        await traceSocketEvent('ws', 'message', () => this.messages.send(user.id, input));
        return;
      }
      reply(ws, { type: 'error', reason: `Unknown frame type: ${String(frame.type).slice(0, 40)}`, code: 'VALIDATION_FAILED' });
    } catch (error) {
      const outcome = toProblemOutcome(error);
      if (outcome.unexpected) this.logger.error({ err: error, user_id: user.id }, 'raw socket frame failed');
      reply(ws, { type: 'error', reason: outcome.problem.detail, code: outcome.problem.code });
    }
  }

  /** The user behind a token, 'unavailable' when the database cannot tell, or null for any other failure (the close reason says no more). */
  private async verify(token: string): Promise<{ user: AuthUser; expiresAt: number } | 'unavailable' | null> {
    try {
      const { expiresAt, ...user } = await this.auth.authenticate(token);
      return { user, expiresAt: expiresAt.getTime() };
    } catch (error) {
      return isDatabaseUnavailable(error) ? 'unavailable' : null;
    }
  }

  private expireAt(ws: WebSocket, expiresAt: number): { timer?: NodeJS.Timeout } {
    const handle: { timer?: NodeJS.Timeout } = {};
    const arm = () => {
      handle.timer = setTimeout(
        () => (Date.now() >= expiresAt ? ws.close(POLICY_VIOLATION, 'Token expired') : arm()),
        Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMER_MS),
      );
    };
    arm();
    return handle;
  }
}

function reply(ws: WebSocket, frame: RawServerFrame): void {
  RawClients.sendTo(ws, JSON.stringify(frame));
}

/** A text frame holding a JSON object with a string `type`. */
function parseFrame(text: string | null): { type: unknown } & Record<string, unknown> {
  if (text === null) throw validation('Binary frames are not supported; send JSON text');
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    throw validation('The frame is not valid JSON');
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) throw validation('The frame must be a JSON object');
  return frame as { type: unknown };
}

function validation(detail: string): ValidationFailedError {
  return new ValidationFailedError([{ field: 'frame', message: detail }], detail);
}
