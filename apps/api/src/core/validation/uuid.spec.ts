import fc from 'fast-check';
import { ValidationFailedError } from '../errors';
import { ParseUuidPipe } from './uuid';

const pipe = new ParseUuidPipe('id');
/** A UUID with each letter in upper or lower case. */
const anyCase = fc
  .tuple(fc.uuid(), fc.array(fc.boolean(), { minLength: 36, maxLength: 36 }))
  .map(([uuid, upper]) => [uuid, [...uuid].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')] as const);

describe('ParseUuidPipe (property)', () => {
  it('canonicalises any UUID, in any case, to lower case', () => {
    fc.assert(fc.property(anyCase, ([uuid, spelled]) => expect(pipe.transform(spelled)).toBe(uuid.toLowerCase())));
  });

  it('refuses every other spelling: braces, no hyphens, a urn, spaces, a character more or less', () => {
    const mangle = fc.constantFrom<(u: string) => string>(
      (u) => `{${u}}`,
      (u) => u.replace(/-/g, ''),
      (u) => `urn:uuid:${u}`,
      (u) => ` ${u}`,
      (u) => u.slice(1),
      (u) => `${u}0`,
      (u) => `${u.slice(0, 8)}_${u.slice(9)}`,
    );
    fc.assert(fc.property(fc.uuid(), mangle, (uuid, change) => expect(() => pipe.transform(change(uuid))).toThrow(ValidationFailedError)));
  });

  it('refuses any string that is not 36 characters', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => s.length !== 36),
        (text) => expect(() => pipe.transform(text)).toThrow(ValidationFailedError),
      ),
    );
  });
});
