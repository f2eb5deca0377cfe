import { ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, type ChangesQuery } from '@pneumatic/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toIntegerOrKeep } from '../../../core/validation/query';

export class ChangesQueryDto implements ChangesQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, description: 'The last_change_seq the client holds' })
  @IsOptional()
  @Transform(toIntegerOrKeep)
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  after_change_seq?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: LIMITS.changesPageMax, default: LIMITS.changesPageDefault })
  @IsOptional()
  @Transform(toIntegerOrKeep)
  @IsInt()
  @Min(1)
  @Max(LIMITS.changesPageMax)
  limit?: number;
}
