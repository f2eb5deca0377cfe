import { parseSearch } from './search-query';
import { matchesIn, snippetOf } from './search-snippet';

const marked = (snippet: string, highlights: readonly (readonly [number, number])[]) => highlights.map(([a, b]) => snippet.slice(a, b));

describe('snippetOf', () => {
  it('keeps a short text whole and marks every match, phrases as one range, prefixes by whole word', () => {
    const text = 'Crème brûlée? The big cat ate CRÈME, the bigger one did not.';
    const { snippet, highlights } = snippetOf(text, parseSearch('creme "big cat" bigg').terms);
    expect(snippet).toBe(text);
    expect(marked(snippet, highlights)).toEqual(['Crème', 'big cat', 'CRÈME', 'bigger']);
  });

  it('cuts a long text to 200 code points around the first match, with an ellipsis where cut', () => {
    const text = `${'lorem ipsum '.repeat(30)}the needle is here ${'dolor sit '.repeat(30)}`;
    const { snippet, highlights } = snippetOf(text, parseSearch('needle').terms);
    expect([...snippet].length).toBeLessThanOrEqual(200);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(marked(snippet, highlights)).toEqual(['needle']);
    expect(snippet).toContain('the needle is here');
  });

  it('never splits a character made of two UTF-16 units, and counts offsets in UTF-16', () => {
    const text = `${'😀'.repeat(150)} café ${'😀'.repeat(150)}`;
    const { snippet, highlights } = snippetOf(text, parseSearch('cafe').terms);
    expect([...snippet].length).toBeLessThanOrEqual(200);
    expect(snippet).toBe(snippet.normalize());
    expect([...snippet].every((char) => char === '…' || char === ' ' || char === '😀' || 'café'.includes(char))).toBe(true);
    expect(marked(snippet, highlights)).toEqual(['café']);
  });

  it('starts at the beginning when nothing is matched (a from: search)', () => {
    const text = 'x'.repeat(300);
    const { snippet, highlights } = snippetOf(text, []);
    expect(snippet).toBe(`${'x'.repeat(199)}…`);
    expect(highlights).toEqual([]);
  });

  it('ends at the end when the match is near it, using the whole budget', () => {
    const text = `${'a '.repeat(200)}end`;
    const { snippet, highlights } = snippetOf(text, parseSearch('end').terms);
    expect([...snippet].length).toBe(200);
    expect(snippet.endsWith('end')).toBe(true);
    expect(marked(snippet, highlights)).toEqual(['end']);
  });
});

describe('matchesIn', () => {
  it('merges overlapping matches', () => {
    expect(matchesIn('big cat', parseSearch('"big cat" cat').terms)).toEqual([[0, 7]]);
  });
});
