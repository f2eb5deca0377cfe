import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { SocketIoInstrumentation } from '@opentelemetry/instrumentation-socket.io';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { IncomingMessage } from 'node:http';
import { RedactingSpanProcessor } from './redacting-span-processor';

/** Probes and scrapes would be most of the traces and tell nothing. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);
/** Query parameters whose values never reach a span (`/ws?token=…`, Socket.IO's polling handshake). */
const SECRET_QUERY_PARAMS = ['token', 'access_token', 'refresh_token'];

/**
 * The OpenTelemetry SDK for Node with spans for HTTP, Express and Nest, PostgreSQL, Redis and Socket.IO
 * handlers, and the trace id in every pino log line written inside a span. Traces only: no metrics or
 * logs exporters (Prometheus and stdout cover those). Standard `OTEL_*` variables (service name,
 * resource attributes, sampler, OTLP headers) apply.
 */
export function createTracingSdk(exporter: 'console' | 'otlp'): NodeSDK {
  const processor: SpanProcessor =
    exporter === 'console' ? new SimpleSpanProcessor(new ConsoleSpanExporter()) : new BatchSpanProcessor(new OTLPTraceExporter());
  return new NodeSDK({
    serviceName: process.env['OTEL_SERVICE_NAME'] ? undefined : 'pneumatic-api',
    spanProcessors: [new RedactingSpanProcessor(processor)],
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0]),
        redactedQueryParamsServer: SECRET_QUERY_PARAMS,
        redactedQueryParams: SECRET_QUERY_PARAMS,
      }),
      // Route handlers and routers only: a span per middleware (helmet, CORS, body parser …) is noise.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new NestInstrumentation(),
      // Queries outside a request (migrations, pool upkeep, readiness pings) would be orphan traces.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      new SocketIoInstrumentation(),
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
}
