import { ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, type MessagesQuery } from '@pneumatic/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toIntegerOrKeep } from '../../../core/validation/query';

export class HistoryQuery implements MessagesQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: LIMITS.historyPageMax, default: LIMITS.historyPageDefault })
  @IsOptional()
  @Transform(toIntegerOrKeep)
  @IsInt()
  @Min(1)
  @Max(LIMITS.historyPageMax)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'The newest `limit` messages before this seq' })
  @IsOptional()
  @Transform(toIntegerOrKeep)
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  before_seq?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'The oldest `limit` messages after this seq' })
  @IsOptional()
  @Transform(toIntegerOrKeep)
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  after_seq?: number;
}
