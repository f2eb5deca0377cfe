import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, type CreateConversationRequest } from '@pneumatic/contracts';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCleanText } from '../../../core/validation/text';
import { IsUuidField } from '../../../core/validation/uuid';

export class CreateConversationDto implements CreateConversationRequest {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.titleMax, description: 'Kept for a 1-on-1 too; asking again for the pair leaves it as it is', example: 'Weekend trip' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.titleMax)
  @IsCleanText()
  title?: string | null;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The other members (the caller is always added); two members in all and no is_group make a 1-on-1',
    maxItems: LIMITS.groupMembersMax,
  })
  @IsArray()
  @ArrayMaxSize(LIMITS.groupMembersMax)
  @IsUuidField({ each: true })
  member_ids!: string[];

  @ApiPropertyOptional({ description: 'true makes a group even of two', example: true })
  @IsOptional()
  @IsBoolean()
  is_group?: boolean;
}
