import request from 'supertest';
import { registerUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { ExportedSpan, OtlpCollector } from '../observability/otlp-collector';
import { signInAgain, sessionIdOf } from './session-clients';

const statement = (span: ExportedSpan) => String(span.attributes['db.query.text'] ?? span.attributes['db.statement'] ?? '');
const isQuery = (span: ExportedSpan) =>
  statement(span) !== '' || span.attributes['db.system.name'] !== undefined || span.attributes['db.system'] !== undefined;

/**
 * The revocation set is in memory: a request with an ended session's token is refused without a database query.
 * Seen from outside through the traces the server exports: the request's trace holds no query span, where the
 * same request with a live token holds its user lookup.
 */
describe('refusing an ended session costs no database query', () => {
  let collector: OtlpCollector;
  let server: RunningServer;

  beforeAll(async () => {
    collector = await OtlpCollector.start();
    server = await startServer({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '100' } });
  });
  afterAll(async () => {
    await server?.dispose();
    await collector?.close();
  });

  /** The spans of one GET /conversations, found by its request id; children end (and are exported) before their root. */
  async function traceOf(bearer: string, requestId: string, status: number): Promise<ExportedSpan[]> {
    await request(server.url).get('/conversations').set('Authorization', bearer).set('X-Request-Id', requestId).expect(status);
    const line = await waitForLogLine(requestId);
    await collector.waitFor(
      (span) => span.traceId === line.trace_id && span.scope === '@opentelemetry/instrumentation-http',
      'of the request',
    );
    return collector.spans.filter((span) => span.traceId === line.trace_id);
  }

  async function waitForLogLine(requestId: string): Promise<{ trace_id: string }> {
    for (let i = 0; i < 100; i++) {
      const line = server.output.find((text) => text.includes(`"reqId":"${requestId}"`));
      if (line) return JSON.parse(line);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no log line for ${requestId}`);
  }

  it("a live token runs the user lookup (control); an ended session's token runs no query at all", async () => {
    const alice = await registerUser(server, 'cost');
    const other = await signInAgain(server, alice);
    const live = await traceOf(other.bearer, 'live-token', 200);
    expect(live.filter(isQuery).length).toBeGreaterThan(0);

    await request(server.url)
      .delete(`/auth/sessions/${sessionIdOf(other)}`)
      .set('Authorization', alice.bearer)
      .expect(204);
    const ended = await traceOf(other.bearer, 'ended-token', 401);
    expect(ended.length).toBeGreaterThan(0);
    expect(ended.filter(isQuery).map(statement)).toEqual([]);
  });
});
