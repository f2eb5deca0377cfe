import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SESSION_END_REASONS, type SessionEndReason } from '@pneumatic/contracts';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { DomainEvents, type EndedSession } from '../../core/events/domain-events';
import { RedisService } from '../../core/redis/redis.service';
import { SessionsRepository } from './sessions.repository';
import { CLOCK_TOLERANCE } from './token.service';

/** How often each instance reads sessions ended elsewhere from the database: the net under a lost Redis message. */
export const REVOCATION_POLL_MS = 5000;
/** Each read looks this far behind the previous one: an ending commits a little after its time, on another clock. */
const POLL_OVERLAP_MS = 60_000;
const CHANNEL = 'sessions:ended';

interface EndedMessage {
  readonly origin: string;
  readonly ended_at: number;
  readonly sessions: readonly EndedSession[];
}

/**
 * The sessions that have ended and whose access tokens may not have expired yet, in memory: every request and
 * socket checks its token's `sid` here without a database query. An ending reaches the other instances through
 * Redis pub/sub (where configured) at once; each instance also reads recent endings from the database at start
 * and every few seconds, so a lost message or a Redis outage delays an ending by seconds, never lets it pass.
 * Every session that ends on an instance's watch is announced there ('sessions.ended'), so it drops its sockets.
 */
@Injectable()
export class SessionRevocations implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionRevocations.name);
  private readonly ended = new Map<string, { readonly reason: SessionEndReason; readonly until: number }>();
  private readonly instanceId = randomUUID();
  private subscriber: Redis | null = null;
  private timer: NodeJS.Timeout | undefined;
  private polledFrom = 0;
  private pollFailing = false;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly redis: RedisService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** How long an ending is remembered: until every access token issued before it has expired. */
  private get rememberMs(): number {
    return (this.config.accessTokenTtlSeconds + CLOCK_TOLERANCE) * 1000;
  }

  get size(): number {
    return this.ended.size;
  }

  async onModuleInit(): Promise<void> {
    this.polledFrom = Date.now() - this.rememberMs;
    await this.poll();
    if (this.redis.enabled) {
      this.subscriber = this.redis.duplicate('sessions-sub', { subscriber: true });
      this.subscriber.on('message', (_channel: string, text: string) => this.onMessage(text));
      // ioredis subscribes again by itself after a reconnection.
      this.subscriber
        .subscribe(this.channel)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'could not subscribe to session endings'));
    }
    this.timer = setInterval(() => void this.poll(), REVOCATION_POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Why the session ended, while its tokens may still be unexpired; null for a live (or unknown) session. */
  reasonFor(sessionId: string): SessionEndReason | null {
    const entry = this.ended.get(sessionId);
    if (!entry) return null;
    if (entry.until > Date.now()) return entry.reason;
    this.ended.delete(sessionId);
    return null;
  }

  /** After the commit that ended them: refused here at once, announced here, and told to every other instance. */
  record(sessions: readonly EndedSession[], endedAt: Date): void {
    const fresh = this.adopt(sessions, endedAt.getTime());
    if (fresh.length === 0 || !this.redis.enabled) return;
    const message: EndedMessage = { origin: this.instanceId, ended_at: endedAt.getTime(), sessions: fresh };
    this.redis.client
      .publish(this.channel, JSON.stringify(message))
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not tell the other instances of ended sessions; they read them in a few seconds'),
      );
  }

  private get channel(): string {
    return this.redis.key(CHANNEL);
  }

  /** Remembers the sessions not known yet and announces them; answers those. */
  private adopt(sessions: readonly EndedSession[], endedAtMs: number): EndedSession[] {
    const until = endedAtMs + this.rememberMs;
    if (until <= Date.now()) return [];
    const fresh = sessions.filter((session) => !this.ended.has(session.sessionId));
    for (const session of fresh) this.ended.set(session.sessionId, { reason: session.reason, until });
    if (fresh.length > 0) this.events.emit('sessions.ended', { sessions: fresh });
    return fresh;
  }

  private onMessage(text: string): void {
    const message = parseMessage(text);
    if (!message) return void this.logger.warn('ignored a malformed session-ending message');
    if (message.origin !== this.instanceId) this.adopt(message.sessions, message.ended_at);
  }

  private async poll(): Promise<void> {
    const startedAt = Date.now();
    try {
      const rows = await this.sessions.endedSince(new Date(this.polledFrom));
      for (const row of rows) {
        if (!row.endedAt || !row.endReason) continue;
        this.adopt([{ sessionId: row.id, userId: row.userId, reason: row.endReason }], row.endedAt.getTime());
      }
      this.polledFrom = startedAt - POLL_OVERLAP_MS;
      if (this.pollFailing) this.logger.log('reading ended sessions works again');
      this.pollFailing = false;
    } catch (error) {
      if (!this.pollFailing) this.logger.warn({ err: error }, 'could not read ended sessions; retrying');
      this.pollFailing = true;
    }
    for (const [id, entry] of this.ended) if (entry.until <= startedAt) this.ended.delete(id);
  }
}

function parseMessage(text: string): EndedMessage | null {
  try {
    const message = JSON.parse(text) as Partial<EndedMessage>;
    const valid =
      typeof message.origin === 'string' &&
      typeof message.ended_at === 'number' &&
      Array.isArray(message.sessions) &&
      message.sessions.every(
        (session: Partial<EndedSession>) =>
          typeof session.sessionId === 'string' &&
          typeof session.userId === 'string' &&
          (SESSION_END_REASONS as readonly unknown[]).includes(session.reason),
      );
    return valid ? (message as EndedMessage) : null;
  } catch {
    return null;
  }
}
