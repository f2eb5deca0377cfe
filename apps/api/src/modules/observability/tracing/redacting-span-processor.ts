import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { redactUrl } from '../redact-url';

/** Attributes that may carry a request URL, hence a `?token=` (instrumentation-nestjs-core sets `url.full` raw). */
const URL_ATTRIBUTES = ['url.full', 'url.query', 'http.url', 'http.target'];

/**
 * Scrubs token query parameters from every span as it starts, whatever instrumentation made it, before
 * handing spans to the exporting processor: no access token ever leaves for a tracing backend.
 */
export class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    for (const key of URL_ATTRIBUTES) {
      const value = span.attributes[key];
      if (typeof value === 'string') span.setAttribute(key, redactUrl(value));
    }
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.next.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
