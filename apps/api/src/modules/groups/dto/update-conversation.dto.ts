import { ApiProperty } from '@nestjs/swagger';
import { LIMITS, type UpdateConversationRequest } from '@pneumatic/contracts';
import { IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsCleanText } from '../../../core/validation/text';

export class UpdateConversationDto implements UpdateConversationRequest {
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: LIMITS.titleMax,
    description: 'The new title; null or blank clears it',
    example: 'Weekend trip',
  })
  // Required, but null is a value (it clears the title): only null skips the checks.
  @ValidateIf((body: UpdateConversationDto) => body.title !== null)
  @IsString({ message: 'title must be a string, or null to clear it' })
  @MaxLength(LIMITS.titleMax)
  @IsCleanText()
  title!: string | null;
}
