import { ValidationOptions, registerDecorator } from 'class-validator';

/** C0/C1 control characters other than tab, line feed and carriage return (NUL included: PostgreSQL rejects it). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A UTF-16 surrogate without its partner: not a character, and not representable in UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Bidirectional overrides and isolates, and zero-width characters: invisible, and a spoofing tool in names. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** Text that is well-formed Unicode (no lone surrogates) without control characters. */
export function isCleanText(value: unknown, options: { multiline?: boolean } = {}): boolean {
  if (typeof value !== 'string' || LONE_SURROGATE.test(value)) return false;
  if (CONTROL.test(value)) return false;
  return options.multiline === true || !/[\r\n\t]/.test(value);
}

/** A display name or title as stored: invisible characters removed, white space trimmed, empty becomes null. */
export function cleanDisplayText(value: string): string | null {
  const cleaned = value.replace(INVISIBLE, '').trim();
  return cleaned === '' ? null : cleaned;
}

/** Rejects lone surrogates and control characters (and line breaks unless `multiline`). */
export function IsCleanText(options: { multiline?: boolean } = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCleanText',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: options.multiline
          ? '$property must not contain control characters or invalid Unicode'
          : '$property must be a single line without control characters or invalid Unicode',
        ...validationOptions,
      },
      validator: { validate: (value: unknown) => value === undefined || value === null || isCleanText(value, options) },
    });
}
