import type { TransformFnParams } from 'class-transformer';

/**
 * Query strings arrive as text: a canonical decimal integer becomes a number, anything else
 * (`1e3`, `0x10`, `1.5`, `abc`, a repeated parameter, or an integer too large to hold exactly) stays as it is
 * so `@IsInt` rejects it.
 */
export function toIntegerOrKeep({ value }: TransformFnParams): unknown {
  if (typeof value !== 'string' || !/^-?(0|[1-9]\d{0,15})$/.test(value)) return value;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value;
}
