import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import request from 'supertest';
import { WEB_INDEX } from '../support/paths';
import { RunningServer, startServer } from '../support/server';

/** A GET as a browser asking for brotli sends it, with the body as it came over the wire. */
function getRaw(url: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip, deflate, br' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('the HTTP edge', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.dispose());

  it('answers liveness with {"status":"healthy"}', async () => {
    const response = await request(server.url).get('/health').expect(200);
    expect(response.body).toEqual({ status: 'healthy' });
  });

  it('answers readiness with the database up', async () => {
    const response = await request(server.url).get('/ready').expect(200);
    expect(response.body).toEqual({ status: 'ready', checks: { database: 'up', lifecycle: 'up' } });
  });

  it('serves Swagger UI at /docs and the OpenAPI 3 document at /docs-json', async () => {
    const ui = await request(server.url).get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
    const document = await request(server.url).get('/docs-json').expect(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/health', '/ready']));
  });

  it('serves the web app at / and for its client-side routes, never for API paths', async () => {
    const root = await request(server.url).get('/').set('Accept', 'text/html').expect(200);
    expect(root.text).toContain('<pc-root>');
    const clientRoute = await request(server.url).get('/chat/some-conversation').set('Accept', 'text/html').expect(200);
    expect(clientRoute.text).toContain('<pc-root>');
    const api = await request(server.url).get('/conversations/nope/nothing').set('Accept', 'text/html');
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    const search = await request(server.url).get('/search/nothing').set('Accept', 'text/html');
    expect(search.status).toBe(404);
    expect(search.headers['content-type']).toContain('application/problem+json');
  });

  it('serves Prometheus metrics at /metrics without authentication', async () => {
    const response = await request(server.url).get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toContain('process_cpu_user_seconds_total');
  });

  it('compresses the web app’s bundles for clients that accept gzip', async () => {
    const index = await request(server.url).get('/').set('Accept', 'text/html').expect(200);
    const script = /src="(main-[A-Z0-9]+\.js)"/.exec(index.text)?.[1];
    expect(script).toBeDefined();
    const bundle = await request(server.url).get(`/${script}`).set('Accept-Encoding', 'gzip').expect(200);
    expect(bundle.headers['content-encoding']).toBe('gzip');
    expect(bundle.headers['cache-control']).toContain('immutable');
  });

  it('serves the bundles the first page needs brotli-compressed at the highest quality once they have been asked for', async () => {
    const index = await request(server.url).get('/').set('Accept', 'text/html').expect(200);
    const chunk = /<link rel="modulepreload" href="(chunk-[A-Z0-9]+\.js)"/.exec(index.text)?.[1];
    expect(chunk).toBeDefined();
    const original = readFileSync(join(dirname(WEB_INDEX), chunk ?? ''));
    const first = await getRaw(`${server.url}/${chunk}`); // compressed on the fly, meanwhile compressed for good
    expect(first.headers['content-encoding']).toBe('br');
    let best = first;
    for (let attempt = 0; attempt < 50 && best.headers['content-length'] === undefined; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      best = await getRaw(`${server.url}/${chunk}`);
    }
    expect(best.headers).toMatchObject({ 'content-encoding': 'br', vary: 'Accept-Encoding', 'content-length': String(best.body.length) });
    expect(best.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(best.headers['cache-control']).toContain('immutable');
    expect(best.headers['x-content-type-options']).toBe('nosniff'); // the security headers, as on every answer
    expect(brotliDecompressSync(best.body).equals(original)).toBe(true);
    expect(best.body.length).toBeLessThan(first.body.length);
  });

  it('answers malformed JSON with 400 problem details', async () => {
    const response = await request(server.url).post('/health').set('Content-Type', 'application/json').send('{"a": ');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 400, code: 'MALFORMED_JSON', title: 'Bad Request' });
    expect(typeof response.body.detail).toBe('string');
  });

  it('answers a body over 64 KiB with 413 and a non-JSON body with 415', async () => {
    const big = JSON.stringify({ content: 'x'.repeat(70 * 1024) });
    const tooLarge = await request(server.url).post('/health').set('Content-Type', 'application/json').send(big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    const wrongType = await request(server.url).post('/health').set('Content-Type', 'text/plain').send('hello');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers an unknown route with 404 problem details and no stack trace', async () => {
    const response = await request(server.url).get('/no/such/route').expect(404);
    expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('sets security headers and a request id', async () => {
    const response = await request(server.url).get('/health').set('X-Request-Id', 'abc-123');
    expect(response.headers['x-request-id']).toBe('abc-123');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('writes JSON log lines', () => {
    const lines = server.output.filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
