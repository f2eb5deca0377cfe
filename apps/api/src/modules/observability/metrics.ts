import { makeCounterProvider, makeGaugeProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import { SlidingCount } from './sliding-count';

/** The names operators' dashboards know: the four of the original service keep its names, types and HELP. */
export const METRIC = {
  connectionsTotal: 'pneumatic_websocket_connections_total',
  connectionsActive: 'pneumatic_websocket_connections_active',
  messagesSentTotal: 'pneumatic_messages_sent_total',
  messagesPerSecond: 'pneumatic_messages_per_second',
  connectionsByTransport: 'pneumatic_websocket_connections_by_transport',
  fanOutLatency: 'pneumatic_message_fanout_latency_seconds',
  httpRequestDuration: 'http_request_duration_seconds',
} as const;

/** Messages stored in the last 60 s, behind `pneumatic_messages_per_second`. */
export class MessageRate extends SlidingCount {}

export const metricProviders = [
  { provide: MessageRate, useFactory: () => new MessageRate(60) },
  makeCounterProvider({ name: METRIC.connectionsTotal, help: 'Total number of WebSocket connections established' }),
  makeGaugeProvider({ name: METRIC.connectionsActive, help: 'Current number of active WebSocket connections' }),
  makeCounterProvider({ name: METRIC.messagesSentTotal, help: 'Total number of messages sent' }),
  makeGaugeProvider({
    name: METRIC.messagesPerSecond,
    help: 'Average messages per second over last 60 seconds',
    inject: [MessageRate],
    collect(this: Gauge, rate: MessageRate) {
      this.set(rate.perSecond());
    },
  }),
  makeGaugeProvider({
    name: METRIC.connectionsByTransport,
    help: 'Current number of active WebSocket connections by transport (socket.io or ws)',
    labelNames: ['transport'],
  }),
  makeHistogramProvider({
    name: METRIC.fanOutLatency,
    help: 'Seconds from accepting a message to handing it to the connected devices of its members',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  }),
  makeHistogramProvider({
    name: METRIC.httpRequestDuration,
    help: 'Seconds to answer an HTTP request, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
];
