import { createServer, Server } from 'node:http';
import { freePort } from '@pneumatic/testing';

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };

export interface ExportedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly scope: string;
  readonly attributes: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly resource: Readonly<Record<string, string | number | boolean | undefined>>;
}

interface OtlpKeyValue {
  key: string;
  value: AnyValue;
}

const flatten = (list: OtlpKeyValue[] = []) =>
  Object.fromEntries(list.map(({ key, value }) => [key, value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue))]));

/** A stand-in for an OpenTelemetry collector: receives OTLP/HTTP JSON trace exports and keeps the spans. */
export class OtlpCollector {
  readonly spans: ExportedSpan[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<OtlpCollector> {
    const port = await freePort();
    const server = createServer();
    const collector = new OtlpCollector(server, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces') collector.receive(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return collector;
  }

  /** Waits until a span matches, for at most 10 s. */
  async waitFor(match: (span: ExportedSpan) => boolean, what: string): Promise<ExportedSpan> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const found = this.spans.find(match);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no span ${what} in ${this.spans.length} exported: ${this.spans.map((s) => s.name).join(', ')}`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(body: {
    resourceSpans?: { resource?: { attributes?: OtlpKeyValue[] }; scopeSpans?: { scope?: { name?: string }; spans?: Record<string, unknown>[] }[] }[];
  }): void {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const resource = flatten(resourceSpans.resource?.attributes);
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          this.spans.push({
            traceId: String(span['traceId']),
            spanId: String(span['spanId']),
            parentSpanId: span['parentSpanId'] ? String(span['parentSpanId']) : undefined,
            name: String(span['name']),
            scope: scopeSpans.scope?.name ?? '',
            attributes: flatten(span['attributes'] as OtlpKeyValue[]),
            resource,
          });
        }
      }
    }
  }
}
