import type { PipeTransform } from '@nestjs/common';
import { UUID_PATTERN } from '@pneumatic/contracts';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';
import { ValidationFailedError } from '../errors';

/** Upper-case hex is the same UUID; braces, missing hyphens and other forms are not accepted. */
const lowerCaseIfString = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.toLowerCase() : value);

/** A UUID field of a body: canonicalised to lower case, then checked. */
export function IsUuidField(options: { each?: boolean } = {}): PropertyDecorator {
  return (target, property) => {
    Transform(({ value }) =>
      options.each && Array.isArray(value) ? value.map((v) => lowerCaseIfString({ value: v })) : lowerCaseIfString({ value }),
    )(target, property);
    Matches(UUID_PATTERN, {
      each: options.each,
      message: options.each ? 'each value in $property must be a UUID' : '$property must be a UUID',
    })(target, property);
  };
}

/** A UUID path parameter, canonicalised to lower case; anything else is a 400 naming the parameter. Use as `new ParseUuidPipe('id')`. */
export class ParseUuidPipe implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    const canonical = typeof value === 'string' ? value.toLowerCase() : '';
    if (!UUID_PATTERN.test(canonical)) throw new ValidationFailedError([{ field: this.name, message: 'must be a UUID' }]);
    return canonical;
  }
}
