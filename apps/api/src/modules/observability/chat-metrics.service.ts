import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { DomainEvents } from '../../core/events/domain-events';
import { MessageRate, METRIC } from './metrics';

/** The two real-time transports: Socket.IO and the original raw WebSocket protocol at `/ws`. */
export type RealtimeTransport = 'socket.io' | 'ws';

/**
 * What the real-time side reports, in the product's words; prom-client stays in here. Messages are
 * counted where they are stored (the `message.created` event), so every transport counts and an
 * idempotent replay does not.
 */
@Injectable()
export class ChatMetrics implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly events: DomainEvents,
    private readonly rate: MessageRate,
    @InjectMetric(METRIC.connectionsTotal) private readonly connectionsTotal: Counter,
    @InjectMetric(METRIC.connectionsActive) private readonly connectionsActive: Gauge,
    @InjectMetric(METRIC.connectionsByTransport) private readonly connectionsByTransport: Gauge<'transport'>,
    @InjectMetric(METRIC.messagesSentTotal) private readonly messagesSent: Counter,
    @InjectMetric(METRIC.fanOutLatency) private readonly fanOut: Histogram,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.on('message.created', () => this.messageStored());
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  socketConnected(transport: RealtimeTransport): void {
    this.connectionsTotal.inc();
    this.connectionsActive.inc();
    this.connectionsByTransport.inc({ transport });
  }

  socketDisconnected(transport: RealtimeTransport): void {
    this.connectionsActive.dec();
    this.connectionsByTransport.dec({ transport });
  }

  /** Time from accepting a message (`acceptedAt` of `message.created`) to its fan-out. */
  fanOutLatency(milliseconds: number): void {
    this.fanOut.observe(Math.max(0, milliseconds) / 1000);
  }

  private messageStored(): void {
    this.messagesSent.inc();
    this.rate.add();
  }
}
