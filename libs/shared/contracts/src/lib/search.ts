import type { Message } from './models';

/** `GET /search/messages` (SPEC 10.5). */
export interface SearchMessagesQuery {
  /**
   * Words (all must match, case- and accent-insensitive; the last one also as a prefix), `"quoted phrases"` and
   * `from:username`. 1–500 characters.
   */
  readonly q: string;
  readonly conversation_id?: string;
  /** A sender's user id. */
  readonly from?: string;
  /** ISO 8601 times, both exclusive. */
  readonly before?: string;
  readonly after?: string;
  readonly limit?: number;
  /** `next_cursor` of the previous page. */
  readonly cursor?: string;
}

/** `[start, end)` in UTF-16 code units of `snippet`: what a client can pass to `String.prototype.slice`. */
export type SearchHighlight = readonly [number, number];

export interface SearchResult {
  /** The message as it is now. */
  readonly message: Message;
  /** Plain text of at most 200 code points around the first match ("…" where it was cut). */
  readonly snippet: string;
  /** The matched words in `snippet`, in order, never overlapping. */
  readonly highlights: readonly SearchHighlight[];
}

export interface SearchMessagesResponse {
  /** Newest first. */
  readonly results: readonly SearchResult[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly next_cursor: string | null;
}
