import { ApiProperty } from '@nestjs/swagger';
import { LIMITS, type LoginRequest } from '@pneumatic/contracts';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { normalizeUsernameField } from './signup.dto';

/** Only the shape is checked: a username that could never exist is answered like a wrong password. */
export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'alice' })
  @Transform(normalizeUsernameField)
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  username!: string;

  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.passwordMax * 4)
  password!: string;
}
