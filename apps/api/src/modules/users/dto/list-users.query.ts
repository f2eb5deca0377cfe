import { ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, type UsersQuery } from '@pneumatic/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCleanText } from '../../../core/validation/text';
import { toIntegerOrKeep } from '../../../core/validation/query';

export class ListUsersQuery implements UsersQuery {
  @ApiPropertyOptional({ description: 'Prefix of the username or the full name (case-insensitive)', maxLength: 100 })
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
