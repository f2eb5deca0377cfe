import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RefreshRequest, TokenResponse } from '@pneumatic/contracts';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RefreshDto implements RefreshRequest {
  @ApiPropertyOptional({ description: 'The refresh token; when absent, the `refresh_token` cookie is used', example: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi…' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  refresh_token?: string;
}

export class TokenResponseDto implements TokenResponse {
  @ApiProperty({ description: 'JWT for `Authorization: Bearer`' }) access_token!: string;
  @ApiProperty({ description: 'Exchange at /auth/refresh; spent on use' }) refresh_token!: string;
  @ApiProperty({ enum: ['bearer'] }) token_type!: 'bearer';
  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires', example: 1800 }) expires_in!: number;
}
