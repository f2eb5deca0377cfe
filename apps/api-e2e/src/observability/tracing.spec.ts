import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registerUser } from '../support/client';
import { freePort } from '@pneumatic/testing';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, openRaw } from '../support/sockets';
import { ExportedSpan, OtlpCollector } from './otlp-collector';

const logLines = (server: RunningServer): Record<string, unknown>[] =>
  server.output.filter((line) => line.startsWith('{"level"')).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('tracing', () => {
  describe('with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
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

    it('exports a span per request, named by route template, with its queries and the trace id in its log line', async () => {
      const user = await registerUser(server, 'traced');
      const conversation = randomUUID();
      await request(server.url)
        .get(`/conversations/${conversation}?token=${user.tokens.access_token}`)
        .set('Authorization', user.bearer)
        .set('X-Request-Id', 'traced-request')
        .expect(404);

      const root = await collector.waitFor(
        (span) => span.scope === '@opentelemetry/instrumentation-http' && span.attributes['http.route'] === '/conversations/:id',
        'of the HTTP server for GET /conversations/:id',
      );
      expect(root).toMatchObject({
        name: 'GET /conversations/:id',
        attributes: { 'http.request.method': 'GET', 'http.response.status_code': 404, 'url.query': 'token=[redacted]' },
        resource: { 'service.name': 'pneumatic-api' },
      });
      const statement = (span: ExportedSpan) => String(span.attributes['db.query.text'] ?? span.attributes['db.statement'] ?? '');
      const query = await collector.waitFor(
        (span) => span.traceId === root.traceId && /^SELECT /i.test(statement(span).trim()),
        'of a database query in that trace',
      );
      expect(query.attributes['db.system.name'] ?? query.attributes['db.system']).toMatch(/^(sqlite|postgresql)$/);
      expect(JSON.stringify(collector.spans)).not.toContain(user.tokens.access_token);

      const line = logLines(server).find((entry) => entry['reqId'] === 'traced-request');
      expect(line).toMatchObject({ trace_id: root.traceId, route: '/conversations/:id' });
    });

    it('traces Socket.IO and /ws handlers, with the queries they run', async () => {
      const [alice, bob] = await Promise.all([registerUser(server, 'sender'), registerUser(server, 'receiver')]);
      const room = await request(server.url).post('/conversations').set('Authorization', alice.bearer).send({ member_ids: [bob.user.id] }).expect(201);
      const socket = await connectSocket(server, { token: alice.tokens.access_token });
      const raw = await openRaw(server, bob.tokens.access_token);
      try {
        const ack = await socket.emitWithAck('message:send', { conversation_id: room.body.id, message_id: randomUUID(), content: 'traced' });
        expect(ack.ok).toBe(true);
        raw.send({ type: 'message', message_id: randomUUID(), conversation_id: room.body.id, content: 'traced too' });
        const rawSpan = await collector.waitFor((span) => span.name === 'ws message', 'of the /ws message handler');
        await collector.waitFor(
          (span) => span.traceId === rawSpan.traceId && /^INSERT INTO "?messages/i.test(String(span.attributes['db.query.text'] ?? span.attributes['db.statement'] ?? '')),
          'of the /ws message insert in that trace',
        );
      } finally {
        closeAllSockets();
      }
      const handler = await collector.waitFor(
        (span) => span.name === 'socket.io message:send',
        'of the message:send handler',
      );
      await collector.waitFor(
        (span) => span.traceId === handler.traceId && /^INSERT INTO "?messages/i.test(String(span.attributes['db.query.text'] ?? span.attributes['db.statement'] ?? '')),
        'of the message insert in that trace',
      );
      // The fan-out emit to the members is in the same trace.
      await collector.waitFor(
        (span) => span.traceId === handler.traceId && span.attributes['messaging.socket.io.event_name'] === 'message:new',
        'of the message:new emit in that trace',
      );
    });

    it('leaves probes and scrapes untraced', async () => {
      for (const path of ['/health', '/ready', '/metrics']) await request(server.url).get(path).expect(200);
      await request(server.url).get('/users').expect(401);
      await collector.waitFor((span) => span.attributes['http.route'] === '/users', 'for GET /users');
      expect(collector.spans.filter((span) => /^\/(health|ready|metrics)/.test(String(span.attributes['url.path'])))).toEqual([]);
    });
  });

  it('prints spans with OTEL_TRACES_EXPORTER=console', async () => {
    const server = await startServer({ env: { OTEL_TRACES_EXPORTER: 'console' } });
    try {
      await request(server.url).get('/users').set('X-Request-Id', 'console-traced').expect(401);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const line = logLines(server).find((entry) => entry['reqId'] === 'console-traced');
      expect(line?.['trace_id']).toMatch(/^[0-9a-f]{32}$/);
      expect(server.output.join('\n')).toContain(`traceId: '${String(line?.['trace_id'])}'`);
    } finally {
      await server.dispose();
    }
  });

  it('stops cleanly on SIGTERM when the collector is unreachable', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    // Spans wait in the batch until shutdown, which must then flush them, and fails to.
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: nobody, OTEL_EXPORTER_OTLP_TIMEOUT: '500', OTEL_BSP_SCHEDULE_DELAY: '600000' };
    const server = await startServer({ env });
    try {
      await request(server.url).get('/users').expect(401);
      expect(await server.stop()).toBe(0);
      expect(server.output.join('\n')).toContain('could not flush the last traces');
    } finally {
      await server.dispose();
    }
  });

  it('costs nothing and prints nothing without an exporter: no spans, no trace ids', async () => {
    const server = await startServer();
    try {
      await request(server.url).get('/users').expect(401);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const line of server.output) expect(() => JSON.parse(line)).not.toThrow();
      expect(server.output.join('\n')).not.toContain('trace_id');
    } finally {
      await server.dispose();
    }
  });
});
