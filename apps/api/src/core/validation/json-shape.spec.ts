import fc from 'fast-check';
import { JSON_DEPTH_MAX, jsonShapeError } from './json-shape';

/** Depth as the check counts it: a scalar 0, an empty container 1. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

function nest(value: unknown, levels: number): unknown {
  let nested = value;
  for (let i = 0; i < levels; i++) nested = [nested];
  return nested;
}
const safeKey = fc.string().filter((key) => key !== 'prototype' && !(key in Object.prototype));
const shallowJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    fc.jsonValue({ maxDepth: 0 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(safeKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('jsonShapeError', () => {
  it('accepts any JSON value at most JSON_DEPTH_MAX deep without prototype keys', () => {
    fc.assert(
      fc.property(shallowJson, fc.nat(JSON_DEPTH_MAX), (value, extra) => {
        const nested = nest(value, Math.max(0, Math.min(extra, JSON_DEPTH_MAX - depthOf(value))));
        expect(jsonShapeError(nested)).toBeNull();
      }),
    );
  });

  it('refuses any value nested deeper, however deep, without overflowing the stack', () => {
    fc.assert(
      fc.property(fc.integer({ min: JSON_DEPTH_MAX + 1, max: 200_000 }), fc.jsonValue({ maxDepth: 0 }), (levels, leaf) => {
        expect(jsonShapeError(nest(leaf, levels))).toMatchObject({ message: expect.stringContaining('nested') });
      }),
      { numRuns: 30 },
    );
  });

  it('refuses a prototype key as an own property anywhere, naming its path', () => {
    fc.assert(
      fc.property(
        shallowJson,
        fc.constantFrom('__proto__', 'constructor', 'prototype', ...Object.getOwnPropertyNames(Object.prototype)),
        fc.nat(5),
        (value, key, levels) => {
          const polluted = JSON.parse(`{"ok":${JSON.stringify(value)},"${key}":{"isAdmin":true}}`);
          expect(jsonShapeError(nest(polluted, levels))).toEqual({
            field: expect.stringMatching(new RegExp(`${key}$`)),
            message: 'is not an allowed field',
          });
        },
      ),
    );
  });

  it('accepts the word as a value and scalars at the top', () => {
    expect(jsonShapeError({ content: '__proto__', tags: ['constructor'] })).toBeNull();
    for (const scalar of [null, 1, 'x', true, undefined]) expect(jsonShapeError(scalar)).toBeNull();
  });
});
