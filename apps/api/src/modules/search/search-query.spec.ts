import { parseSearch, toFts5Query, toTsQuery } from './search-query';

describe('parseSearch: the query language of SPEC 10.5', () => {
  it('reads words (the last also a prefix), phrases and from:', () => {
    expect(parseSearch('Lunch "NEXT Friday" from:Alice tomor')).toEqual({
      terms: [
        { words: ['lunch'], prefix: false },
        { words: ['next', 'friday'], prefix: false },
        { words: ['tomor'], prefix: true },
      ],
      usernames: ['alice'],
    });
  });

  it('folds accents and cuts words as the index does: e-mail is two words in a row', () => {
    expect(parseSearch('Crème e-mail')).toEqual({
      terms: [
        { words: ['creme'], prefix: false },
        { words: ['e', 'mail'], prefix: true },
      ],
      usernames: [],
    });
  });

  it.each([
    ['*', []],
    ['"', []],
    ['-', []],
    [':', []],
    ['NEAR(', [{ words: ['near'], prefix: true }]],
    [
      'a* OR b',
      [
        { words: ['a'], prefix: false },
        { words: ['or'], prefix: false },
        { words: ['b'], prefix: true },
      ],
    ],
    ['"unbalanced quote', [{ words: ['unbalanced', 'quote'], prefix: false }]],
    ['col:value', [{ words: ['col', 'value'], prefix: true }]],
  ])('treats FTS syntax %j as plain words', (q, terms) => {
    expect(parseSearch(q).terms).toEqual(terms);
  });

  it('takes from:@name and full-width names as usernames, and a bare from: as a word', () => {
    expect(parseSearch('from:@Bob from:ＡＬＩＣＥ from:')).toEqual({
      terms: [{ words: ['from'], prefix: true }],
      usernames: ['bob', 'alice'],
    });
  });
});

describe('the database queries of a parsed search', () => {
  const { terms } = parseSearch('near( "big cat" wor');
  it('FTS5: every term a quoted string, all required', () => expect(toFts5Query(terms)).toBe('"near" AND "big cat" AND "wor" *'));
  it('tsquery: plain lexemes, phrases in a row', () => expect(toTsQuery(terms)).toBe("'near' & 'big' <-> 'cat' & 'wor':*"));
});
