import { normalizeUsername } from '@pneumatic/contracts';
import { tokenize } from './search-text';

/** One thing every result must contain: a word (one or more index words, in a row) or a quoted phrase. */
export interface SearchTerm {
  /** Folded index words, in order. */
  readonly words: readonly string[];
  /** The last word also matches as a prefix (the last word typed). */
  readonly prefix: boolean;
}

export interface ParsedSearch {
  readonly terms: readonly SearchTerm[];
  /** `from:` names, normalised as usernames are: a result is by any one of them. */
  readonly usernames: readonly string[];
}

/** A `"quoted phrase"` (its closing quote may be missing), or a run of anything else up to white space or a quote. */
const PIECES = /"([^"]*)(?:"|$)|([^\s"]+)/gu;
const FROM = /^from:@?(.+)$/iu;

/**
 * Reads the query language of SPEC 10.5. Nothing the user types is syntax for the database: every piece becomes
 * plain index words (cut and folded like the index), and punctuation, `*`, `NEAR(`, `-` or `:` are only separators.
 */
export function parseSearch(q: string): ParsedSearch {
  const terms: { words: string[]; prefix: boolean; bare: boolean }[] = [];
  const usernames: string[] = [];
  for (const [, phrase, bare] of q.matchAll(PIECES)) {
    const from = bare === undefined ? null : FROM.exec(bare);
    if (from) {
      usernames.push(normalizeUsername(from[1]));
      continue;
    }
    const words = tokenize(phrase ?? bare).map((token) => token.term);
    if (words.length > 0) terms.push({ words, prefix: false, bare: bare !== undefined });
  }
  const last = terms.filter((term) => term.bare).at(-1);
  if (last) last.prefix = true;
  return { terms: terms.map(({ words, prefix }) => ({ words, prefix })), usernames };
}

/** The terms as an FTS5 query: each a quoted string (a phrase of its words), all required. */
export function toFts5Query(terms: readonly SearchTerm[]): string {
  return terms.map((term) => `"${term.words.join(' ')}"${term.prefix ? ' *' : ''}`).join(' AND ');
}

/** The terms as a PostgreSQL tsquery of plain lexemes: words of a term in a row (`<->`), all required (`&`). */
export function toTsQuery(terms: readonly SearchTerm[]): string {
  return terms
    .map((term) => term.words.map((word, i) => `'${word}'${term.prefix && i === term.words.length - 1 ? ':*' : ''}`).join(' <-> '))
    .join(' & ');
}
