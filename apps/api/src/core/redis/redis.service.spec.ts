import { createServer, Server, Socket } from 'node:net';
import { testConfig } from '../../../test/test-service';
import { RedisService } from './redis.service';

/** A "Redis" that accepts connections and never answers, then goes away: a Redis lost during start-up. */
async function silentRedis(): Promise<{ url: string; cut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('RedisService connections while Redis is away', () => {
  let redis: RedisService;
  let server: Awaited<ReturnType<typeof silentRedis>>;

  beforeEach(async () => {
    server = await silentRedis();
    redis = new RedisService(testConfig({ REDIS_URL: server.url }));
  });
  afterEach(async () => {
    await redis.onApplicationShutdown();
  });

  it("keeps a subscriber's SUBSCRIBE waiting through reconnections (a library that never handles its failure must not stop the process), while other commands fail fast", async () => {
    const subscriber = redis.duplicate('test-sub', { subscriber: true });
    subscriber.on('error', () => undefined);
    const other = redis.duplicate('test-pub');
    other.on('error', () => undefined);
    const outcomes: string[] = [];
    subscriber.subscribe('channel').then(
      () => outcomes.push('subscribed'),
      (error: Error) => outcomes.push(`subscribe failed: ${error.name}`),
    );
    const publish = other.publish('channel', 'x').catch((error: Error) => error.name);
    // Past the attempt after which ioredis fails what waits on a connection with a retry limit (the third).
    const reconnections = new Promise<void>((resolve) => {
      let attempts = 0;
      subscriber.on('reconnecting', () => ++attempts === 4 && resolve());
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.cut();
    await expect(publish).resolves.toBe('MaxRetriesPerRequestError');
    await reconnections;
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes).toEqual([]);
  }, 20_000);
});
