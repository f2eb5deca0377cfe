import Database from 'better-sqlite3';
import { tokenize } from './search-text';

/** The words SQLite's FTS5 tokenizer (the one the index uses) makes of each text, in order. */
function sqliteTokens(texts: readonly string[]): string[][] {
  const db = new Database(':memory:');
  try {
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');`);
    const insert = db.prepare('INSERT INTO t (rowid, x) VALUES (?, ?)');
    db.transaction(() => texts.forEach((text, i) => insert.run(i + 1, text)))();
    const out: string[][] = texts.map(() => []);
    for (const row of db.prepare('SELECT doc, term FROM v ORDER BY doc, col, offset').iterate() as Iterable<{
      doc: number;
      term: string;
    }>) {
      out[row.doc - 1].push(row.term);
    }
    return out;
  } finally {
    db.close();
  }
}

describe('tokenize: the words the search index sees', () => {
  it('cuts and folds every code point exactly as SQLite unicode61 remove_diacritics 2 does', () => {
    const texts: string[] = [];
    for (let codePoint = 0x20; codePoint <= 0x10ffff; codePoint++) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      texts.push(`a${String.fromCodePoint(codePoint)}b`);
    }
    const expected = sqliteTokens(texts);
    const differing = texts.filter(
      (text, i) =>
        tokenize(text)
          .map((t) => t.term)
          .join(' ') !== expected[i].join(' '),
    );
    expect(differing.map((text) => text.codePointAt(1)?.toString(16))).toEqual([]);
  }, 60_000);

  it.each([
    ['Crème Brûlée, s’il vous plaît!', ['creme', 'brulee', 's', 'il', 'vous', 'plait']],
    ['bob@example.com e-mail 3.14 snake_case', ['bob', 'example', 'com', 'e', 'mail', '3', '14', 'snake', 'case']],
    ['ÅNGSTRÖM Ærø ΑΘΉΝΑ Москва Ёлка', ['angstrom', 'ærø', 'αθήνα', 'москва', 'ёлка']],
    ['hi👋there 日本語 naïve', ['hi', 'there', '日本語', 'naive']],
  ])('%j', (text, terms) => {
    expect(tokenize(text).map((t) => t.term)).toEqual(terms);
    expect(sqliteTokens([text])[0]).toEqual(terms);
  });

  it('gives each word its place in UTF-16 code units', () => {
    const text = '👋 Café, déjà-vu';
    expect(tokenize(text).map(({ start, end }) => text.slice(start, end))).toEqual(['Café', 'déjà', 'vu']);
  });
});
