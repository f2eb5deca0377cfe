import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, normalizeUsername, USERNAME_PATTERN, type SignupRequest } from '@pneumatic/contracts';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsCleanText } from '../../../core/validation/text';

/** Normalises a username before validation; other types pass through for `@IsString` to reject. */
export const normalizeUsernameField = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? normalizeUsername(value) : value;

export class SignupDto implements SignupRequest {
  @ApiProperty({
    description: 'NFKC-normalised and lower-cased, then 3–32 of a-z 0-9 _ . -',
    minLength: LIMITS.usernameMin,
    maxLength: LIMITS.usernameMax,
    example: 'alice',
  })
  @Transform(normalizeUsernameField)
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 32 of a-z 0-9 _ . - (case does not matter)' })
  username!: string;

  @ApiProperty({ minLength: LIMITS.passwordMin, maxLength: LIMITS.passwordMax, example: 'correct horse battery' })
  @IsString()
  @Length(LIMITS.passwordMin, LIMITS.passwordMax, {
    message: `password must be ${LIMITS.passwordMin} to ${LIMITS.passwordMax} characters`,
  })
  @IsCleanText({ multiline: false })
  password!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.fullNameMax, example: 'Alice Liddell' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.fullNameMax)
  @IsCleanText()
  full_name?: string | null;
}
