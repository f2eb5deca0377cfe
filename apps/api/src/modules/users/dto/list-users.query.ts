import { ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, UUID_PATTERN, type UsersQuery } from '@pneumatic/contracts';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCleanText } from '../../../core/validation/text';
import { toIntegerOrKeep } from '../../../core/validation/query';

export class ListUsersQuery implements Omit<UsersQuery, 'ids'> {
  @ApiPropertyOptional({ description: 'Prefix of the username or the full name (case-insensitive)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.fullNameMax)
  @IsCleanText()
  q?: string;

  @ApiPropertyOptional({
    description: `User ids, comma-separated (\`ids=a,b\`) or repeated (\`ids=a&ids=b\`) (at most ${LIMITS.groupMembersMax}): exactly these users, the caller included if listed; \`q\` and \`limit\` are then ignored`,
    example: ['3f2504e0-4f89-41d3-9a0c-0305e82c3301', '7c9e6679-7425-40de-944b-e07fc1f90ae7'],
    type: [String],
    format: 'uuid',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((id) => id.trim().toLowerCase()) : value))
  @IsArray()
  @ArrayMaxSize(LIMITS.groupMembersMax)
  @Matches(UUID_PATTERN, { each: true, message: 'each value in ids must be a UUID' })
  ids?: string[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: LIMITS.usersPageMax, default: LIMITS.usersPageDefault })
  @IsOptional()
  @Transform(toIntegerOrKeep)
  @IsInt()
  @Min(1)
  @Max(LIMITS.usersPageMax)
  limit?: number;
}
