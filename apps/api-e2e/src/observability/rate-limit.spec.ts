import request from 'supertest';
import { expectProblem, registerUser, TestUser, uniqueUsername } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { someIp } from './helpers';

const LIMIT_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

function expectRefused(response: request.Response, maxRetryAfter: number): void {
  expectProblem(response, 429, 'RATE_LIMITED');
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
  expect(response.headers['x-ratelimit-remaining']).toBe('0');
}

describe('HTTP rate limits: 60 a minute per user, else per IP', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({
      env: { RATE_LIMIT_PER_MINUTE: '60', RATE_LIMIT_PER_HOUR: '1000', AUTH_RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY: 'true' },
    });
  });
  afterAll(() => server.dispose());

  const me = (user: TestUser, ip = someIp()) => request(server.url).get('/auth/me').set('Authorization', user.bearer).set('X-Forwarded-For', ip);

  it('counts the headers down on every answer and refuses the 61st request with 429 and Retry-After', async () => {
    const user = await registerUser(server, 'counter');
    const ip = someIp();
    const startedAt = Date.now() / 1000;
    for (let i = 1; i <= 60; i += 1) {
      const response = await me(user, ip).expect(200);
      expect(response.headers['x-ratelimit-limit']).toBe('60');
      expect(response.headers['x-ratelimit-remaining']).toBe(String(60 - i));
      // A Unix time when the minute that began with the first request is over (whole seconds, rounded up).
      const reset = Number(response.headers['x-ratelimit-reset']);
      expect(reset).toBeGreaterThanOrEqual(Math.floor(startedAt + 60));
      expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 61);
    }
    const refused = await me(user, ip).set('Origin', 'https://client.example');
    expectRefused(refused, 60);
    expect(refused.headers['x-ratelimit-limit']).toBe('60');
    // A browser client on another origin may read them.
    expect(refused.headers['access-control-expose-headers']).toBe(
      'X-Request-Id,Retry-After,X-RateLimit-Limit,X-RateLimit-Remaining,X-RateLimit-Reset',
    );
  });

  it('never limits /health, /ready or /metrics, and sends them no rate-limit headers', async () => {
    const user = await registerUser(server, 'prober');
    const ip = someIp();
    for (let i = 0; i < 60; i += 1) await me(user, ip).expect(200);
    expectRefused(await me(user, ip), 60);
    for (let i = 0; i < 70; i += 1) {
      for (const path of ['/health', '/ready', '/metrics']) {
        const response = await request(server.url).get(path).set('Authorization', user.bearer).set('X-Forwarded-For', ip);
        expect(response.status).toBe(200);
        for (const header of LIMIT_HEADERS) expect(response.headers[header]).toBeUndefined();
      }
    }
  });

  it('limits a signed-in user by user id: rotating IPs does not reset the count', async () => {
    const user = await registerUser(server, 'rotator');
    for (let i = 0; i < 60; i += 1) await me(user, someIp()).expect(200);
    expectRefused(await me(user, someIp()), 60);
  });

  it('gives every user a budget of their own, even behind one IP', async () => {
    const [first, second] = await Promise.all([registerUser(server, 'first'), registerUser(server, 'second')]);
    const ip = someIp();
    for (let i = 0; i < 60; i += 1) await me(first, ip).expect(200);
    expectRefused(await me(first, ip), 60);
    const other = await me(second, ip).expect(200);
    expect(other.headers['x-ratelimit-remaining']).toBe('59');
  });

  it('limits anonymous callers per IP, counting requests refused as unauthenticated and bad tokens too', async () => {
    const ip = someIp();
    for (let i = 0; i < 60; i += 1) {
      const call = request(server.url).get('/users').set('X-Forwarded-For', ip);
      const response = await (i % 2 ? call.set('Authorization', 'Bearer not-a-token') : call);
      expect(response.status).toBe(401);
      expect(response.headers['x-ratelimit-remaining']).toBe(String(59 - i));
    }
    expectRefused(await request(server.url).get('/users').set('X-Forwarded-For', ip), 60);
    await request(server.url).get('/users').set('X-Forwarded-For', someIp()).expect(401);
  });
});

describe('HTTP rate limits without TRUST_PROXY', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_PER_HOUR: '1000' } });
  });
  afterAll(() => server.dispose());

  it('ignores X-Forwarded-For: a client cannot pose as many', async () => {
    for (let i = 0; i < 5; i += 1) await request(server.url).get('/users').set('X-Forwarded-For', someIp()).expect(401);
    expectRefused(await request(server.url).get('/users').set('X-Forwarded-For', someIp()), 60);
  });
});

describe('the tightest limit', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_PER_HOUR: '4', TRUST_PROXY: 'true' } });
  });
  afterAll(() => server.dispose());

  it('is the one the headers describe: here the hour, which then refuses for up to an hour', async () => {
    const user = await registerUser(server, 'hourly');
    const now = Math.floor(Date.now() / 1000);
    for (let i = 1; i <= 4; i += 1) {
      const response = await request(server.url).get('/auth/me').set('Authorization', user.bearer).expect(200);
      expect(response.headers['x-ratelimit-limit']).toBe('4');
      expect(response.headers['x-ratelimit-remaining']).toBe(String(4 - i));
      expect(Number(response.headers['x-ratelimit-reset'])).toBeGreaterThan(now + 3500);
    }
    const refused = await request(server.url).get('/auth/me').set('Authorization', user.bearer);
    expectRefused(refused, 3600);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);
  });
});

describe('login and sign-up limits per IP and per username', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY: 'true' } });
  });
  afterAll(() => server.dispose());

  const login = (username: string, ip: string) =>
    request(server.url).post('/auth/login').set('X-Forwarded-For', ip).send({ username, password: 'not the password' });

  it('refuses the 4th attempt on one username, from however many IPs and however the name is spelt', async () => {
    const victim = uniqueUsername('victim');
    const spellings = [victim, victim.toUpperCase(), victim.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))];
    for (const spelling of spellings) {
      const response = await login(spelling, someIp());
      expect(response.status).toBe(401);
      expect(response.headers['x-ratelimit-limit']).toBe('3');
    }
    expectRefused(await login(victim, someIp()), 60);
    await login(uniqueUsername('bystander'), someIp()).expect(401);
  });

  it('refuses the 4th login or sign-up from one IP, whatever the usernames', async () => {
    const ip = someIp();
    await login(uniqueUsername('a'), ip).expect(401);
    await request(server.url).post('/auth/signup').set('X-Forwarded-For', ip).send({ username: uniqueUsername('b'), password: 'long enough password' }).expect(201);
    await login(uniqueUsername('c'), ip).expect(401);
    expectRefused(await login(uniqueUsername('d'), ip), 60);
    // Other routes keep the caller's general budget.
    await request(server.url).get('/users').set('X-Forwarded-For', ip).expect(401);
  });
});
