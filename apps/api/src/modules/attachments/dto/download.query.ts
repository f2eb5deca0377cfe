import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The signature of a signed link (`url`, `thumbnail_url`, `avatar_url`): needed without a bearer token. */
export class DownloadQuery {
  @ApiPropertyOptional({ description: 'Unix time (seconds) the link stops working', example: '1796389200' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  expires?: string;

  @ApiPropertyOptional({ description: 'The link’s signature', example: 'FyNJVuFD0LAvV8RpPC2UkgfIVvIIxj75Hj-qNM4jo4c' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  signature?: string;
}
