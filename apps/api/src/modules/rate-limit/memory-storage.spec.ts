import { MemoryThrottlerStorage } from './memory-storage';

describe('MemoryThrottlerStorage', () => {
  let now: number;
  let storage: MemoryThrottlerStorage;

  beforeEach(() => {
    now = 1_000_000;
    storage = new MemoryThrottlerStorage(() => now);
  });
  afterEach(() => storage.onApplicationShutdown());

  const hit = (limit = 3, ttl = 60_000, block = 60_000) => storage.increment('caller', ttl, limit, block, 'minute');

  it('counts hits in a fixed window and tells when it ends', async () => {
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    now += 20_500;
    expect(await hit()).toMatchObject({ totalHits: 2, timeToExpire: 40, isBlocked: false });
  });

  it('blocks the hit over the limit for the block duration, then starts afresh', async () => {
    for (let i = 0; i < 3; i += 1) expect((await hit()).isBlocked).toBe(false);
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    now += 30_000;
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('keeps a block running into the next window', async () => {
    for (let i = 0; i < 4; i += 1) await hit(3, 10_000, 60_000);
    now += 20_000;
    expect(await hit(3, 10_000, 60_000)).toMatchObject({ totalHits: 1, isBlocked: true, timeToBlockExpire: 40 });
  });

  it('counts each key and throttler on its own', async () => {
    await hit(1);
    expect((await storage.increment('other', 60_000, 1, 60_000, 'minute')).isBlocked).toBe(false);
    expect((await storage.increment('caller', 3_600_000, 1, 3_600_000, 'hour')).isBlocked).toBe(false);
    expect((await hit(1)).isBlocked).toBe(true);
  });

  it('costs the same per hit however many hits the window holds', async () => {
    for (let i = 0; i < 200_000; i += 1) await storage.increment('busy', 3_600_000, 1_000_000, 3_600_000, 'hour');
    const started = process.hrtime.bigint();
    for (let i = 0; i < 1000; i += 1) await storage.increment('busy', 3_600_000, 1_000_000, 3_600_000, 'hour');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
  });

  it('drops counters whose window and block are over', async () => {
    await hit();
    for (let i = 0; i < 4; i += 1) await storage.increment('blocked', 10_000, 3, 120_000, 'minute');
    now += 61_000;
    storage.sweep();
    expect(storage.size).toBe(1);
    now += 60_000;
    storage.sweep();
    expect(storage.size).toBe(0);
  });
});
