const DAY_MS = 86_400_000;

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

/** Whole calendar days between two instants in local time (0: same day, 1: `then` was yesterday). */
export function daysBetween(then: Date, now: Date): number {
  return Math.round((startOfDay(now) - startOfDay(then)) / DAY_MS);
}

/** A clock time, "14:05" or "2:05 PM" as the reader's locale writes it. */
export function formatClock(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(iso));
}

/** The time beside a conversation in the list: the clock today, then "Yesterday", the weekday, the date. */
export function formatListTime(iso: string, now = new Date(), locale?: string): string {
  const then = new Date(iso);
  const days = daysBetween(then, now);
  if (days <= 0) return formatClock(iso, locale);
  if (days === 1) return 'Yesterday';
  if (days < 7) return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(then);
  const sameYear = then.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) }).format(then);
}

/** The label of a day separator in the history: "Today", "Yesterday" or the full date. */
export function formatDayLabel(iso: string, now = new Date(), locale?: string): string {
  const days = daysBetween(new Date(iso), now);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const then = new Date(iso);
  const sameYear = then.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(then);
}

/** A key that is equal for two instants on the same local calendar day. */
export function dayKey(iso: string): number {
  return startOfDay(new Date(iso));
}

/** The full date and time, for a tooltip or a `datetime` title. */
export function formatFull(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
}
