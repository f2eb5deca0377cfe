import { highlightParts } from './highlight-parts';

describe('highlightParts', () => {
  it('cuts a text into marked and unmarked pieces', () => {
    expect(
      highlightParts('the big cat', [
        [4, 7],
        [8, 11],
      ]),
    ).toEqual([
      { text: 'the ', marked: false },
      { text: 'big', marked: true },
      { text: ' ', marked: false },
      { text: 'cat', marked: true },
    ]);
  });

  it('counts UTF-16 units, as the API does', () => {
    expect(highlightParts('😀 café', [[3, 7]])).toEqual([
      { text: '😀 ', marked: false },
      { text: 'café', marked: true },
    ]);
  });

  it('keeps markup as text and skips ranges that overlap or run past the end', () => {
    expect(
      highlightParts('<b>x</b>', [
        [0, 3],
        [1, 2],
        [7, 99],
      ]),
    ).toEqual([
      { text: '<b>', marked: true },
      { text: 'x</b', marked: false },
      { text: '>', marked: true },
    ]);
    expect(highlightParts('abc', [])).toEqual([{ text: 'abc', marked: false }]);
  });
});
