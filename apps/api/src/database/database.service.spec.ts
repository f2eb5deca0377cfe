import fc from 'fast-check';
import { retryWhileLocked, toBool, toDate, toIsoTime, toSqliteValue } from './database.service';

describe('column readers and writers', () => {
  it('writes times in the text form SQLite rows use and reads both dialects back', () => {
    const time = new Date('2026-11-26T10:20:30.456Z');
    expect(toSqliteValue(time)).toBe('2026-11-26 10:20:30.456');
    expect(toDate('2026-11-26 10:20:30.456').toISOString()).toBe('2026-11-26T10:20:30.456Z');
    expect(toDate(time)).toBe(time);
    expect(toDate('2026-11-26T10:20:30.456+01:00').toISOString()).toBe('2026-11-26T09:20:30.456Z');
  });

  it('gives every stored time as the ISO text its Date would give, from either dialect', () => {
    const times = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });
    fc.assert(
      fc.property(times, (time) => {
        expect(toIsoTime(toSqliteValue(time))).toBe(time.toISOString());
        expect(toIsoTime(time)).toBe(time.toISOString());
      }),
    );
    expect(toIsoTime('2026-11-26 10:20:30')).toBe('2026-11-26T10:20:30.000Z');
    expect(toIsoTime('2026-11-26T10:20:30.456+01:00')).toBe('2026-11-26T09:20:30.456Z');
  });

  it('reads booleans stored as 0/1', () => {
    expect(toBool(1)).toBe(true);
    expect(toBool(0)).toBe(false);
    expect(toBool(true)).toBe(true);
    expect(toSqliteValue(false)).toBe(0);
  });
});

describe('retryWhileLocked', () => {
  const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
  const wrappedBusy = () => Object.assign(new Error('query failed'), { driverError: busy() });

  it('retries a transaction while another connection holds the lock, then returns its result', async () => {
    let attempts = 0;
    const result = await retryWhileLocked(async () => {
      attempts++;
      if (attempts < 3) throw wrappedBusy();
      return 'committed';
    }, Date.now() + 5000);
    expect(result).toBe('committed');
    expect(attempts).toBe(3);
  });

  it('gives up with the busy error once the deadline has passed', async () => {
    let attempts = 0;
    const failing = retryWhileLocked(async () => {
      attempts++;
      throw busy();
    }, Date.now() + 30);
    await expect(failing).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(attempts).toBeGreaterThan(1);
  });

  it('never retries other errors', async () => {
    let attempts = 0;
    const failing = retryWhileLocked(async () => {
      attempts++;
      throw Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    }, Date.now() + 5000);
    await expect(failing).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(attempts).toBe(1);
  });
});
