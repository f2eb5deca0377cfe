import { LIMITS, type SearchHighlight } from '@pneumatic/contracts';
import type { SearchTerm } from './search-query';
import { tokenize } from './search-text';

export interface Snippet {
  readonly snippet: string;
  readonly highlights: SearchHighlight[];
}

const ELLIPSIS = '…';
/** How many code points of context come before the first match when the text must be cut. */
const LEAD_IN = 30;

/** Where the terms match in a text: `[start, end)` UTF-16 ranges, in order, overlapping ones merged. */
export function matchesIn(text: string, terms: readonly SearchTerm[]): [number, number][] {
  const tokens = tokenize(text);
  const spans: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const { words, prefix } of terms) {
      if (i + words.length > tokens.length) continue;
      const matches = words.every((word, k) => {
        const term = tokens[i + k].term;
        return prefix && k === words.length - 1 ? term.startsWith(word) : term === word;
      });
      if (matches) spans.push([tokens[i].start, tokens[i + words.length - 1].end]);
    }
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/**
 * At most 200 code points of the text around its first match (whole when it fits; "…" where it was cut, never inside
 * a character), and the matches within it as UTF-16 offsets into the snippet.
 */
export function snippetOf(text: string, terms: readonly SearchTerm[]): Snippet {
  const spans = matchesIn(text, terms);
  const chars = [...text];
  if (chars.length <= LIMITS.searchSnippetMax) return { snippet: text, highlights: spans };
  const utf16At: number[] = [0];
  for (const char of chars) utf16At.push((utf16At.at(-1) as number) + char.length);
  const firstMatch = spans.length > 0 ? utf16At.findIndex((offset) => offset >= spans[0][0]) : 0;
  let start = Math.max(0, firstMatch - LEAD_IN);
  // Begin at a word where one starts near enough.
  while (start > 0 && start < firstMatch && !/\s/u.test(chars[start - 1])) start++;
  // Use the whole budget: when the end is near, begin earlier.
  start = Math.min(start, Math.max(0, chars.length - (LIMITS.searchSnippetMax - 1)));
  const lead = start > 0 ? ELLIPSIS : '';
  let end = chars.length;
  let trail = '';
  if (end - start + lead.length > LIMITS.searchSnippetMax) {
    end = start + LIMITS.searchSnippetMax - lead.length - 1;
    trail = ELLIPSIS;
  }
  const body = chars.slice(start, end).join('');
  const from = utf16At[start];
  const to = utf16At[end];
  const highlights: SearchHighlight[] = [];
  for (const [a, b] of spans) {
    const s = Math.max(a, from);
    const e = Math.min(b, to);
    if (s < e) highlights.push([s - from + lead.length, e - from + lead.length]);
  }
  return { snippet: lead + body + trail, highlights };
}
