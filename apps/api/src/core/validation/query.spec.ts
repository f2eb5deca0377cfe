import fc from 'fast-check';
import { toIntegerOrKeep } from './query';

const convert = (value: unknown) => toIntegerOrKeep({ value } as Parameters<typeof toIntegerOrKeep>[0]);

describe('toIntegerOrKeep (property)', () => {
  it('turns every canonical decimal spelling of a safe integer into that number', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => expect(convert(String(n))).toBe(n)),
    );
  });

  it('keeps integers too large to hold exactly as text (9999999999999999 would become 1e16)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 1n, max: 10n ** 20n }), fc.boolean(), (n, negative) => {
        const text = `${negative ? '-' : ''}${n}`;
        expect(convert(text)).toBe(text);
      }),
    );
  });

  it('converts a string only when it is the canonical spelling of the number it becomes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[-+ 0x.e\d]{1,20}$/)), (text) => {
        const result = convert(text);
        if (typeof result === 'number') expect(String(result)).toBe(text.replace(/^-0$/, '0'));
        else expect(result).toBe(text);
      }),
    );
  });

  it('keeps anything that is not a string as it is (a repeated parameter is an array)', () => {
    fc.assert(
      fc.property(
        fc.anything().filter((v) => typeof v !== 'string'),
        (value) => expect(convert(value)).toBe(value),
      ),
    );
  });
});
