import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import {
  ERROR_CODES,
  SESSION_END_REASONS,
  type ErrorCode,
  type FieldError,
  type Problem,
  type SessionEndReason,
} from '@pneumatic/contracts';

class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'username' }) field!: string;
  @ApiProperty({ example: 'must be 3 to 32 of a-z 0-9 _ . -' }) message!: string;
}

/** RFC 9457 problem details, as every error is answered (`application/problem+json`). */
export class ProblemDto implements Problem {
  @ApiProperty({ example: 'https://pneumatic.chat/problems/validation-failed' }) type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ description: 'A sentence to show to the user', example: 'username: must be 3 to 32 of a-z 0-9 _ . -' })
  detail!: string;
  @ApiProperty({ enum: ERROR_CODES, example: 'VALIDATION_FAILED' }) code!: ErrorCode;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Present for validation failures' }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({ example: 'urn:request:5c5ef5d7-1383-4289-9da1-c46054819bc4' }) instance?: string;
  @ApiPropertyOptional({ enum: SESSION_END_REASONS, description: 'On a 401 for a session that has ended: why it ended' })
  session_ended?: SessionEndReason;
}

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid input (problem details list the fields)',
  401: 'Missing, invalid or expired access token (`WWW-Authenticate: Bearer`)',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body larger than 64 KiB',
  415: 'Body is not JSON',
  429: 'Rate limited (`Retry-After`)',
};

/** Documents the problem-details answers of a route. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
      }),
    ),
  );
}
