import request from 'supertest';
import { registerUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';

/** CSP directives as a map, so a test can name the one it checks. */
function cspDirectives(header: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values.join(' ')]),
  );
}

/** The headers every answer carries, whatever produced it. */
function expectSecurityHeaders(response: request.Response): void {
  const csp = cspDirectives(response.headers['content-security-policy']);
  expect(csp).toMatchObject({
    'default-src': "'self'",
    'script-src': "'self'",
    'object-src': "'none'",
    'frame-ancestors': "'self'",
    'base-uri': "'self'",
    'form-action': "'self'",
  });
  expect(response.headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  });
  expect(response.headers['x-powered-by']).toBeUndefined();
}

describe('security headers', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.dispose());

  it.each([
    ['the web app', (url: string) => request(url).get('/').set('Accept', 'text/html'), 200],
    ['an API answer', (url: string) => request(url).get('/health'), 200],
    ['the OpenAPI document', (url: string) => request(url).get('/docs-json'), 200],
    ['a 401 problem', (url: string) => request(url).get('/auth/me'), 401],
    ['a 404 problem', (url: string) => request(url).get('/no/such/route'), 404],
    [
      'a 400 problem from the body parser',
      (url: string) => request(url).post('/auth/login').set('Content-Type', 'application/json').send('{"a":'),
      400,
    ],
    [
      'a 413 problem from the body parser',
      (url: string) =>
        request(url)
          .post('/auth/login')
          .set('Content-Type', 'application/json')
          .send(`"${'x'.repeat(70_000)}"`),
      413,
    ],
    ['a 415 problem', (url: string) => request(url).post('/auth/login').set('Content-Type', 'text/plain').send('x'), 415],
  ])('are on %s', async (_, call, status) => {
    const response = await call(server.url);
    expect(response.status).toBe(status);
    expectSecurityHeaders(response);
  });

  it('lets the web app open its own WebSockets and nothing else (connect-src)', async () => {
    const csp = cspDirectives((await request(server.url).get('/').set('Accept', 'text/html')).headers['content-security-policy']);
    expect(csp['connect-src']?.split(' ').sort()).toEqual(["'self'", 'ws:', 'wss:'].sort());
  });

  it('sends no HSTS outside production (plain HTTP in development)', async () => {
    expect((await request(server.url).get('/health')).headers['strict-transport-security']).toBeUndefined();
  });

  it('never lets an API answer be cached by a shared cache when it carries a user’s data', async () => {
    const user = await registerUser(server, 'headers');
    const response = await request(server.url).get('/auth/me').set('Authorization', user.bearer).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control'] ?? 'no-store').not.toMatch(/public/);
  });
});

describe('security headers in production', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => server.dispose());

  it('adds HSTS for a year, with subdomains', async () => {
    const response = await request(server.url).get('/health').expect(200);
    expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000; includeSubDomains/);
    expectSecurityHeaders(response);
  });
});

describe('CORS', () => {
  const allowed = 'https://chat.example.com';
  let server: RunningServer;
  let open: RunningServer;
  beforeAll(async () => {
    [server, open] = await Promise.all([startServer({ env: { ALLOWED_ORIGINS: `${allowed},https://admin.example.com` } }), startServer()]);
  });
  afterAll(() => Promise.all([server.dispose(), open.dispose()]));

  it('answers an allowed origin with its own origin, credentials and Vary: Origin', async () => {
    const response = await request(server.url).get('/health').set('Origin', allowed).expect(200);
    expect(response.headers['access-control-allow-origin']).toBe(allowed);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
    expect(response.headers['vary']).toMatch(/Origin/i);
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a look-alike suffix', 'https://chat.example.com.evil.example'],
    ['another scheme', 'http://chat.example.com'],
    ['another port', 'https://chat.example.com:8443'],
    ['the null origin', 'null'],
  ])('gives %s no Access-Control-Allow-Origin, on requests and preflights', async (_, origin) => {
    const simple = await request(server.url).get('/health').set('Origin', origin).expect(200);
    const preflight = await request(server.url)
      .options('/messages')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    // Without Access-Control-Allow-Origin a browser shows the page nothing (the cors package still sends
    // Allow-Credentials, which alone grants nothing).
    for (const response of [simple, preflight]) expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers the preflight of an allowed origin with methods, the requested headers and a max-age', async () => {
    const response = await request(server.url)
      .options('/messages')
      .set('Origin', allowed)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(allowed);
    expect(response.headers['access-control-allow-methods']).toContain('POST');
    expect(response.headers['access-control-allow-headers']?.toLowerCase()).toContain('authorization');
    expect(response.headers['access-control-max-age']).toBe('600');
  });

  it('puts CORS headers on error answers too, so the web app can read the problem', async () => {
    const response = await request(server.url).get('/auth/me').set('Origin', allowed).expect(401);
    expect(response.headers['access-control-allow-origin']).toBe(allowed);
  });

  it('with ALLOWED_ORIGINS=* (the default) allows any origin, never with credentials', async () => {
    const response = await request(open.url).get('/health').set('Origin', 'https://anywhere.example').expect(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });
});
