import request from 'supertest';
import { expectProblem } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { describeWithRedis, REDIS_URL } from '../support/services';
import { TcpProxy } from '@pneumatic/testing';
import { someIp, waitUntil } from './helpers';

describeWithRedis('rate limits with Redis (REDIS_URL)', () => {
  const env = { REDIS_URL, RATE_LIMIT_PER_MINUTE: '6', RATE_LIMIT_PER_HOUR: '1000', TRUST_PROXY: 'true' };

  describe('two instances', () => {
    let first: RunningServer;
    let second: RunningServer;

    beforeAll(async () => {
      // One after the other: if the second fails to start, the first is still disposed of.
      first = await startServer({ env });
      second = await startServer({ env });
    });
    afterAll(async () => {
      await Promise.all([first?.dispose(), second?.dispose()]);
    });

    it('report Redis in readiness', async () => {
      const response = await request(first.url).get('/ready').expect(200);
      expect(response.body.checks).toMatchObject({ database: 'up', redis: 'up' });
    });

    it('share one counter: a caller spreading requests over both is refused after the limit in all', async () => {
      const ip = someIp();
      const remaining: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const response = await request((i % 2 ? second : first).url).get('/users').set('X-Forwarded-For', ip).expect(401);
        remaining.push(response.headers['x-ratelimit-remaining']);
      }
      expect(remaining).toEqual(['5', '4', '3', '2', '1', '0']);
      for (const server of [first, second]) {
        const refused = await request(server.url).get('/users').set('X-Forwarded-For', ip);
        expectProblem(refused, 429, 'RATE_LIMITED');
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      }
    });
  });

  describe('while Redis is away', () => {
    let proxy: TcpProxy;
    let server: RunningServer;

    beforeAll(async () => {
      const redis = new URL(REDIS_URL);
      proxy = await TcpProxy.open({ host: redis.hostname, port: Number(redis.port || 6379) });
      redis.port = String(proxy.port);
      server = await startServer({ env: { ...env, REDIS_URL: redis.toString() } });
    });
    afterAll(async () => {
      await server?.dispose();
      await proxy?.close();
    });

    it('is not ready, keeps answering and limiting (per instance), and recovers when Redis is back', async () => {
      await request(server.url).get('/ready').expect(200);
      await proxy.cut();
      await waitUntil(async () => (await request(server.url).get('/ready')).status === 503, '/ready answers 503');
      expect((await request(server.url).get('/ready')).body.checks).toMatchObject({ database: 'up', redis: 'down' });
      await request(server.url).get('/health').expect(200);

      const ip = someIp();
      const started = Date.now();
      for (let i = 0; i < 6; i += 1) await request(server.url).get('/users').set('X-Forwarded-For', ip).expect(401);
      expectProblem(await request(server.url).get('/users').set('X-Forwarded-For', ip), 429, 'RATE_LIMITED');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(server.output.join('\n')).toContain('shared rate-limit counters unavailable');

      await proxy.restore();
      await waitUntil(async () => (await request(server.url).get('/ready')).status === 200, '/ready answers 200 again');
      const fresh = await request(server.url).get('/users').set('X-Forwarded-For', someIp()).expect(401);
      expect(fresh.headers['x-ratelimit-remaining']).toBe('5');
      expect(server.process.exitCode).toBeNull();
    });
  });
});
