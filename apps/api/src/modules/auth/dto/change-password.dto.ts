import { ApiProperty } from '@nestjs/swagger';
import { LIMITS, type ChangePasswordRequest } from '@pneumatic/contracts';
import { IsString, Length, MaxLength, MinLength } from 'class-validator';
import { IsCleanText } from '../../../core/validation/text';

export class ChangePasswordDto implements ChangePasswordRequest {
  /** Checked against the stored hash only: any shape a login would take. */
  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.passwordMax * 4)
  current_password!: string;

  @ApiProperty({ minLength: LIMITS.passwordMin, maxLength: LIMITS.passwordMax, example: 'another horse battery' })
  @IsString()
  @Length(LIMITS.passwordMin, LIMITS.passwordMax, {
    message: `new_password must be ${LIMITS.passwordMin} to ${LIMITS.passwordMax} characters`,
  })
  @IsCleanText({ multiline: false })
  new_password!: string;
}
