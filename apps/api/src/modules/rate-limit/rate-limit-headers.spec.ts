import { tightest, writeRateLimitHeaders } from './rate-limit-headers';

describe('the rate-limit headers', () => {
  it('report the limit with the fewest requests left', () => {
    const minute = { limit: 60, remaining: 12, resetSeconds: 30 };
    const hour = { limit: 1000, remaining: 5, resetSeconds: 1800 };
    expect(tightest([minute, hour])).toBe(hour);
  });

  it('on a tie, report the limit that lasts longer', () => {
    const minute = { limit: 10, remaining: 0, resetSeconds: 20 };
    const hour = { limit: 10, remaining: 0, resetSeconds: 3000 };
    expect(tightest([minute, hour])).toBe(hour);
  });

  it('report nothing when no limit applied', () => {
    expect(tightest([])).toBeNull();
  });

  it('are plain whole numbers, the reset a Unix time in seconds', () => {
    const headers: Record<string, string> = {};
    writeRateLimitHeaders({ setHeader: (name, value) => (headers[name] = value) }, { limit: 60, remaining: -1, resetSeconds: 41.2 }, 1_700_000_000_500);
    expect(headers).toEqual({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1700000042' });
  });
});
