import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RealtimeTransport } from '../chat-metrics.service';

const tracer = trace.getTracer('pneumatic-realtime');

/**
 * Runs the work of one socket event in a span of its own (`socket.io message:send`, `ws message`), so the
 * queries it makes hang under it. instrumentation-socket.io cannot see these handlers (Nest binds them with
 * `addListener`), and nothing instruments raw `ws`. Without the SDK the tracer is a no-op.
 */
export function traceSocketEvent<T>(transport: RealtimeTransport, event: string, work: () => Promise<T>): Promise<T> {
  const attributes = { 'messaging.system': transport, 'messaging.operation.name': 'process', 'messaging.destination.name': event };
  return tracer.startActiveSpan(`${transport} ${event}`, { kind: SpanKind.CONSUMER, attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
