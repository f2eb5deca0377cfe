import fc from 'fast-check';
import { CLOCK_TOLERANCE, hasWellFormedClaims } from './token.service';

describe('hasWellFormedClaims', () => {
  const now = 1_800_000_000;
  const claims = fc.record({
    sub: fc.uuid(),
    jti: fc.string({ minLength: 1 }),
    iat: fc.integer({ min: now - 86_400, max: now + CLOCK_TOLERANCE }),
    exp: fc.integer({ min: now, max: now + 86_400 }),
  });
  const notA = (type: string) => fc.anything().filter((value) => typeof value !== type);

  it('accepts every token of ours: a subject, an id, an expiry, issued no later than now (within the tolerance)', () => {
    fc.assert(fc.property(claims, (valid) => expect(hasWellFormedClaims(valid, now)).toBe(true)));
  });

  it('refuses claims with any of them missing or of the wrong type', () => {
    const field = fc.constantFrom('sub', 'jti', 'iat', 'exp');
    fc.assert(
      fc.property(claims, field, fc.boolean(), fc.anything(), (valid, name, drop, junk) => {
        const expected = name === 'sub' || name === 'jti' ? 'string' : 'number';
        fc.pre(drop || typeof junk !== expected);
        const broken: Record<string, unknown> = { ...valid };
        if (drop) delete broken[name];
        else broken[name] = junk;
        expect(hasWellFormedClaims(broken, now)).toBe(false);
      }),
    );
    expect(hasWellFormedClaims({ sub: '', jti: 'j', iat: now, exp: now + 1 }, now)).toBe(false);
    fc.assert(
      fc.property(notA('string'), (sub) => expect(hasWellFormedClaims({ sub, jti: 'j', iat: now, exp: now + 1 }, now)).toBe(false)),
    );
  });

  it('refuses a token issued in the future, beyond the clock tolerance', () => {
    fc.assert(
      fc.property(claims, fc.integer({ min: now + CLOCK_TOLERANCE + 1, max: now + 10 ** 9 }), (valid, iat) =>
        expect(hasWellFormedClaims({ ...valid, iat }, now)).toBe(false),
      ),
    );
  });
});
