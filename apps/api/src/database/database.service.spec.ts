import { toBool, toDate, toSqliteValue } from './database.service';

describe('column readers and writers', () => {
  it('writes times in the text form SQLite rows use and reads both dialects back', () => {
    const time = new Date('2026-11-26T10:20:30.456Z');
    expect(toSqliteValue(time)).toBe('2026-11-26 10:20:30.456');
    expect(toDate('2026-11-26 10:20:30.456').toISOString()).toBe('2026-11-26T10:20:30.456Z');
    expect(toDate(time)).toBe(time);
    expect(toDate('2026-11-26T10:20:30.456+01:00').toISOString()).toBe('2026-11-26T09:20:30.456Z');
  });

  it('reads booleans stored as 0/1', () => {
    expect(toBool(1)).toBe(true);
    expect(toBool(0)).toBe(false);
    expect(toBool(true)).toBe(true);
    expect(toSqliteValue(false)).toBe(0);
  });
});
