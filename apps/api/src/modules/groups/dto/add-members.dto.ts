import { ApiProperty } from '@nestjs/swagger';
import { LIMITS, UUID_PATTERN, type AddMembersRequest } from '@pneumatic/contracts';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateBy, type ValidationArguments } from 'class-validator';

/** How many malformed ids an error names before it says "…". */
const NAMED_MAX = 5;

const lowerCase = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.toLowerCase() : v)) : value;

const malformed = (value: unknown): unknown[] =>
  Array.isArray(value) ? value.filter((v) => typeof v !== 'string' || !UUID_PATTERN.test(v)) : [];

/** Every item a UUID; the error names the ones that are not (SPEC 10.4: "400 naming them"). */
function IsUuidList(): PropertyDecorator {
  return ValidateBy({
    name: 'isUuidList',
    validator: {
      validate: (value: unknown) => malformed(value).length === 0,
      defaultMessage: (args?: ValidationArguments) => {
        const bad = malformed(args?.value).map((v) => JSON.stringify(v)?.slice(0, 40) ?? String(v));
        return `$property must hold UUIDs only; not UUIDs: ${bad.slice(0, NAMED_MAX).join(', ')}${bad.length > NAMED_MAX ? ', …' : ''}`;
      },
    },
  });
}

export class AddMembersDto implements AddMembersRequest {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: LIMITS.groupMembersMax,
    description: 'Users to add; those already in are ignored. Unknown ids, or going past 256 members, are 400 and change nothing.',
  })
  @Transform(lowerCase)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.groupMembersMax)
  @IsUuidList()
  user_ids!: string[];
}
