import { ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, type AdminUsersQuery } from '@pneumatic/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { toIntegerOrKeep } from '../../../core/validation/query';
import { IsCleanText } from '../../../core/validation/text';

export class AdminUsersQueryDto implements AdminUsersQuery {
  @ApiPropertyOptional({ description: 'Prefix of the username or the full name (case-insensitive)', maxLength: LIMITS.fullNameMax })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.fullNameMax)
  @IsCleanText()
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: LIMITS.usersPageMax, default: LIMITS.usersPageDefault })
  @IsOptional()
  @Transform(toIntegerOrKeep)
  @IsInt()
  @Min(1)
  @Max(LIMITS.usersPageMax)
  limit?: number;
}
