import type { NodeSDK } from '@opentelemetry/sdk-node';
import { loadConfig } from './config/app-config';

/**
 * OpenTelemetry must patch http, express, Nest, pg, ioredis, socket.io and pino before they are first
 * required, so main.ts imports this file before anything else. With no exporter configured (the default)
 * the SDK is not even loaded: tracing then costs nothing and prints nothing.
 */
function startTracing(): NodeSDK | null {
  let exporter: ReturnType<typeof loadConfig>['otelTracesExporter'];
  try {
    exporter = loadConfig(process.env).otelTracesExporter;
  } catch {
    // An invalid environment: main.ts reports it and stops.
    return null;
  }
  if (exporter === 'none') return null;
  // Loaded only when tracing is on; a static import would load the whole SDK for everyone.
  const { createTracingSdk } = require('./modules/observability/tracing/tracing-sdk') as typeof import('./modules/observability/tracing/tracing-sdk');
  const sdk = createTracingSdk(exporter);
  sdk.start();
  return sdk;
}

/** The running SDK (flushed on shutdown), or null when tracing is off. */
export const tracing = startTracing();
