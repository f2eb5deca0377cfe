import fc from 'fast-check';
import { bearerToken } from './bearer-token';

describe('bearerToken', () => {
  const b64token = fc.stringMatching(/^[A-Za-z0-9\-._~+/]+=*$/);

  it('reads exactly one b64token after the Bearer scheme, in any case', () => {
    fc.assert(
      fc.property(b64token, fc.constantFrom('Bearer', 'bearer', 'BEARER'), (token, scheme) =>
        expect(bearerToken(`${scheme} ${token}`)).toBe(token),
      ),
    );
  });

  it('refuses anything else: other schemes, two tokens, extra spaces, separators, no header', () => {
    fc.assert(
      fc.property(b64token, b64token, (a, b) => {
        for (const header of [
          `Bearer ${a} ${b}`,
          `Bearer  ${a}`,
          ` Bearer ${a}`,
          `Bearer ${a},`,
          `Token ${a}`,
          `Basic ${a}`,
          `Bearer ${a}\t`,
        ]) {
          expect(bearerToken(header)).toBeNull();
        }
      }),
    );
    for (const header of [undefined, null, 42, ['Bearer x'], 'Bearer', 'Bearer ']) expect(bearerToken(header)).toBeNull();
  });
});
