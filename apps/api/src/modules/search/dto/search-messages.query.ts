import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, type SearchMessagesQuery } from '@pneumatic/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { toIntegerOrKeep } from '../../../core/validation/query';
import { IsCleanText } from '../../../core/validation/text';
import { IsUuidField } from '../../../core/validation/uuid';

export class SearchMessagesQueryDto implements SearchMessagesQuery {
  @ApiProperty({
    minLength: 1,
    maxLength: LIMITS.searchQueryMax,
    description:
      'Words (all must match, ignoring case and accents; the last one also as a prefix), `"quoted phrases"` (their words in a row) ' +
      'and `from:username` (several: any of them). Punctuation only separates words.',
    example: 'lunch "next friday" from:alice',
  })
  @IsString()
  @Length(1, LIMITS.searchQueryMax)
  @IsCleanText({ multiline: true })
  q!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this conversation (403 when the caller is not a member)' })
  @IsOptional()
  @IsUuidField()
  conversation_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only messages sent by this user' })
  @IsOptional()
  @IsUuidField()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only messages sent before this time (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  before?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only messages sent after this time (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  after?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: LIMITS.searchPageMax, default: LIMITS.searchPageDefault })
  @IsOptional()
  @Transform(toIntegerOrKeep)
  @IsInt()
  @Min(1)
  @Max(LIMITS.searchPageMax)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next_cursor` of the previous page', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  cursor?: string;
}
