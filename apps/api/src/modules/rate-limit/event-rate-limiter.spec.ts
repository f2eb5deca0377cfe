import type { Counter } from 'prom-client';
import { testConfig } from '../../../test/test-service';
import { RateLimitedError } from '../../core/errors';
import { EventRateLimiter } from './event-rate-limiter';
import { MemoryThrottlerStorage } from './memory-storage';

function limiter(env: Record<string, string>): { sut: EventRateLimiter; refused: jest.Mock } {
  const refused = jest.fn();
  const counter = { inc: refused } as unknown as Counter<'transport'>;
  return { sut: new EventRateLimiter(new MemoryThrottlerStorage(), testConfig(env), counter), refused };
}

describe('EventRateLimiter', () => {
  it('allows RATE_LIMIT_PER_MINUTE events a minute per user, then refuses with the seconds to wait', async () => {
    const { sut, refused } = limiter({ RATE_LIMIT_PER_MINUTE: '3' });
    const decisions = [];
    for (let i = 0; i < 5; i += 1) decisions.push(await sut.consume('alice'));
    expect(decisions.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(decisions[3]).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
    expect((decisions[3] as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect(decisions[4].allowed).toBe(false);
    expect(refused).toHaveBeenCalledWith({ transport: 'socket' });
  });

  it('counts each user on their own', async () => {
    const { sut } = limiter({ RATE_LIMIT_PER_MINUTE: '1' });
    expect(await sut.consume('alice')).toEqual({ allowed: true });
    expect(await sut.consume('bob')).toEqual({ allowed: true });
    expect((await sut.consume('alice')).allowed).toBe(false);
  });

  it('also holds to RATE_LIMIT_PER_HOUR', async () => {
    const { sut } = limiter({ RATE_LIMIT_PER_MINUTE: '10', RATE_LIMIT_PER_HOUR: '2' });
    await sut.consume('alice');
    await sut.consume('alice');
    expect((await sut.consume('alice')).allowed).toBe(false);
  });

  it('gives typing and read markers a budget of their own, four times the minute limit', async () => {
    const { sut } = limiter({ RATE_LIMIT_PER_MINUTE: '2', RATE_LIMIT_PER_HOUR: '2' });
    await sut.consume('alice');
    await sut.consume('alice');
    expect((await sut.consume('alice')).allowed).toBe(false);
    const signals = [];
    for (let i = 0; i < 9; i += 1) signals.push((await sut.consume('alice', 'signals')).allowed);
    expect(signals).toEqual([true, true, true, true, true, true, true, true, false]);
  });

  it('enforce() throws RATE_LIMITED once over the limit', async () => {
    const { sut } = limiter({ RATE_LIMIT_PER_MINUTE: '1' });
    await expect(sut.enforce('alice')).resolves.toBeUndefined();
    await expect(sut.enforce('alice')).rejects.toBeInstanceOf(RateLimitedError);
  });
});
