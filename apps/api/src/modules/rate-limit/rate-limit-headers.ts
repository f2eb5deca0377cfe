/** Where one counter stands after a request was counted. */
export interface LimitState {
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the counter starts afresh. */
  readonly resetSeconds: number;
}

/**
 * The limit a client runs into first: the fewest requests left; on a tie, the one that lasts longest.
 * Null when no limit applied.
 */
export function tightest(states: readonly LimitState[]): LimitState | null {
  let best: LimitState | null = null;
  for (const state of states) {
    if (!best || state.remaining < best.remaining || (state.remaining === best.remaining && state.resetSeconds > best.resetSeconds)) {
      best = state;
    }
  }
  return best;
}

interface HeaderTarget {
  setHeader(name: string, value: string): unknown;
}

/**
 * `X-RateLimit-Limit`, `-Remaining` and `-Reset`: plain names, whole numbers (SPEC section 7); the reset
 * is a Unix time in seconds, as the original service sent it.
 */
export function writeRateLimitHeaders(response: HeaderTarget, state: LimitState, now = Date.now()): void {
  response.setHeader('X-RateLimit-Limit', String(state.limit));
  response.setHeader('X-RateLimit-Remaining', String(Math.max(0, state.remaining)));
  response.setHeader('X-RateLimit-Reset', String(Math.ceil(now / 1000 + Math.max(0, state.resetSeconds))));
}

const STATES = Symbol('rateLimitStates');

/** The counters a request was counted against so far (the caller's limits at the edge, then a route's own). */
export function limitStatesOf(request: object): LimitState[] {
  const holder = request as { [STATES]?: LimitState[] };
  return (holder[STATES] ??= []);
}
