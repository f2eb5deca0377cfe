import { FOLD_FROM, FOLD_TO, SEPARATOR_RANGES } from '../../database/migrations/search-folding';

/** A word of a text: its folded form and where it stands (UTF-16 offsets, `end` exclusive). */
export interface TextToken {
  readonly term: string;
  readonly start: number;
  readonly end: number;
}

const FOLD = new Map<number, string>();
{
  const from = [...FOLD_FROM];
  const to = [...FOLD_TO];
  from.forEach((char, i) => FOLD.set(char.codePointAt(0) as number, to[i] ?? ''));
}

/** Whether a code point separates words, as SQLite's `unicode61` tokenizer decides (binary search of the ranges). */
export function isSeparator(codePoint: number): boolean {
  if (codePoint < 0x80)
    return !(
      (codePoint >= 0x30 && codePoint <= 0x39) ||
      (codePoint >= 0x61 && codePoint <= 0x7a) ||
      (codePoint >= 0x41 && codePoint <= 0x5a)
    );
  let low = 0;
  let high = SEPARATOR_RANGES.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = SEPARATOR_RANGES[middle];
    if (codePoint < start) high = middle - 1;
    else if (codePoint > end) low = middle + 1;
    else return true;
  }
  return false;
}

/** A word character folded as the index folds it: ASCII lower case, then the non-ASCII folds (case, accents; maybe to nothing). */
function fold(char: string): string {
  const codePoint = char.codePointAt(0) as number;
  if (codePoint < 0x80) return codePoint >= 0x41 && codePoint <= 0x5a ? String.fromCharCode(codePoint + 0x20) : char;
  return FOLD.get(codePoint) ?? char;
}

/**
 * The words of a text as the search index sees them (SQLite's FTS5 tokenizer and PostgreSQL's pneumatic_search_text
 * cut and fold the same way), with their places in the original text.
 */
export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let term = '';
  let start = -1;
  let offset = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) as number;
    if (isSeparator(codePoint)) {
      if (start >= 0 && term) tokens.push({ term, start, end: offset });
      term = '';
      start = -1;
    } else {
      if (start < 0) start = offset;
      term += fold(char);
    }
    offset += char.length;
  }
  if (start >= 0 && term) tokens.push({ term, start, end: offset });
  return tokens;
}
