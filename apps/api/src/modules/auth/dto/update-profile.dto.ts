import { ApiProperty } from '@nestjs/swagger';
import { LIMITS, type UpdateProfileRequest } from '@pneumatic/contracts';
import { IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsCleanText } from '../../../core/validation/text';

export class UpdateProfileDto implements UpdateProfileRequest {
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: LIMITS.fullNameMax,
    example: 'Alice Liddell',
    description: 'The display name; null or only white space clears it',
  })
  // Required, but may be null: undefined fails IsString.
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(LIMITS.fullNameMax)
  @IsCleanText()
  full_name!: string | null;
}
