import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { FallbackThrottlerStorage } from './fallback-storage';

type Record = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const sharedRecord: Record = { totalHits: 42, timeToExpire: 10, isBlocked: false, timeToBlockExpire: 0 };

describe('FallbackThrottlerStorage', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']));

  it('counts in the shared store while it is available', async () => {
    const shared = { increment: jest.fn().mockResolvedValue(sharedRecord) };
    const storage = new FallbackThrottlerStorage(shared, () => true);
    await expect(storage.increment('k', 60_000, 5, 60_000, 'minute')).resolves.toBe(sharedRecord);
    expect(shared.increment).toHaveBeenCalledWith('k', 60_000, 5, 60_000, 'minute');
  });

  it('keeps enforcing limits on local counters when the shared store fails or is disconnected', async () => {
    let available = true;
    const shared = { increment: jest.fn().mockRejectedValue(new Error('Connection is closed.')) };
    const storage = new FallbackThrottlerStorage(shared, () => available);
    const first = await storage.increment('k', 60_000, 1, 60_000, 'minute');
    available = false;
    const second = await storage.increment('k', 60_000, 1, 60_000, 'minute');
    expect(first).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(second).toMatchObject({ isBlocked: true });
    expect(shared.increment).toHaveBeenCalledTimes(1);
  });

  it('does not let a request wait on a shared store that stopped answering', async () => {
    const shared = { increment: jest.fn().mockReturnValue(new Promise(() => undefined)) };
    const storage = new FallbackThrottlerStorage(shared, () => true, 50);
    const started = Date.now();
    await expect(storage.increment('k', 60_000, 5, 60_000, 'minute')).resolves.toMatchObject({ totalHits: 1, isBlocked: false });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('goes back to the shared store when it returns', async () => {
    let available = false;
    const shared = { increment: jest.fn().mockResolvedValue(sharedRecord) };
    const storage = new FallbackThrottlerStorage(shared, () => available);
    await storage.increment('k', 60_000, 5, 60_000, 'minute');
    available = true;
    await expect(storage.increment('k', 60_000, 5, 60_000, 'minute')).resolves.toBe(sharedRecord);
  });
});
