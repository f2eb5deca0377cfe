import { dayKey, daysBetween, formatClock, formatDayLabel, formatListTime } from './time-format';

describe('time formatting', () => {
  const now = new Date(2026, 10, 25, 15, 30); // Wednesday 25 November 2026, local time
  const at = (...parts: [number, number, number, number?, number?]) =>
    new Date(...(parts as [number, number, number, number, number])).toISOString();

  it('counts calendar days, not 24-hour spans', () => {
    expect(daysBetween(new Date(2026, 10, 24, 23, 59), now)).toBe(1);
    expect(daysBetween(new Date(2026, 10, 25, 0, 1), now)).toBe(0);
  });

  it('shows the clock today, then Yesterday, the weekday within a week, and the date after', () => {
    expect(formatListTime(at(2026, 10, 25, 9, 5), now, 'en-GB')).toBe('09:05');
    expect(formatListTime(at(2026, 10, 24, 9, 5), now, 'en-GB')).toBe('Yesterday');
    expect(formatListTime(at(2026, 10, 21, 9, 5), now, 'en-GB')).toBe('Sat');
    expect(formatListTime(at(2026, 9, 2, 9, 5), now, 'en-GB')).toBe('2 Oct');
    expect(formatListTime(at(2025, 9, 2, 9, 5), now, 'en-GB')).toBe('2 Oct 2025');
  });

  it('writes the clock as the locale does', () => {
    expect(formatClock(at(2026, 10, 25, 14, 5), 'en-GB')).toBe('14:05');
    expect(formatClock(at(2026, 10, 25, 14, 5), 'en-US')).toMatch(/^2:05\s?PM$/);
  });

  it('names the days between messages', () => {
    expect(formatDayLabel(at(2026, 10, 25, 8), now, 'en-GB')).toBe('Today');
    expect(formatDayLabel(at(2026, 10, 24, 8), now, 'en-GB')).toBe('Yesterday');
    expect(formatDayLabel(at(2026, 10, 2, 8), now, 'en-GB')).toBe('Monday 2 November');
  });

  it('groups instants by local day', () => {
    expect(dayKey(at(2026, 10, 25, 0, 1))).toBe(dayKey(at(2026, 10, 25, 23, 59)));
    expect(dayKey(at(2026, 10, 25, 0, 1))).not.toBe(dayKey(at(2026, 10, 24, 23, 59)));
  });
});
