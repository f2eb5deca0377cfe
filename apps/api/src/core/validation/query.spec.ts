import fc from 'fast-check';
import { toIntegerOrKeep } from './query';

const convert = (value: unknown) => toIntegerOrKeep({ value } as Parameters<typeof toIntegerOrKeep>[0]);

describe('toIntegerOrKeep (property)', () => {
  it('turns every canonical decimal integer of up to 16 digits into that number', () => {
    fc.assert(fc.property(fc.integer({ min: -(10 ** 16) + 1, max: 10 ** 16 - 1 }), (n) => expect(convert(String(n))).toBe(n)));
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
