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
import { PROBLEM_SCHEMA_REF, PROBLEM_STATUSES } from '../openapi/openapi-components';
import { problemExample } from '../openapi/openapi-conventions';

class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'username' }) field!: string;
  @ApiProperty({ example: 'must be 3 to 32 of a-z 0-9 _ . -' }) message!: string;
}

/** RFC 9457 problem details, as every error is answered (`application/problem+json`). */
export class ProblemDto implements Problem {
  @ApiProperty({ example: 'https://pneumatic.chat/problems/validation-failed' }) type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ type: 'integer', example: 400 }) status!: number;
  @ApiProperty({ description: 'A sentence to show to the user', example: 'username: must be 3 to 32 of a-z 0-9 _ . -' })
  detail!: string;
  @ApiProperty({ enum: ERROR_CODES, example: 'VALIDATION_FAILED' }) code!: ErrorCode;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Present for validation failures' }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({ example: 'urn:request:5c5ef5d7-1383-4289-9da1-c46054819bc4' }) instance?: string;
  @ApiPropertyOptional({ enum: SESSION_END_REASONS, description: 'On a 401 for a session that has ended: why it ended' })
  session_ended?: SessionEndReason;
}

/**
 * Documents the problem-details answers particular to a route (403, 404, 409 …), each with an example. The
 * answers every route can give — 400/413/415 from the body parser, 401 unless public, 429 unless exempt,
 * 503 and `default` — are added to every operation by the document's conventions (core/openapi).
 */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => {
      const known = PROBLEM_STATUSES[status];
      return ApiResponse({
        status,
        description: known?.description ?? 'Error',
        content: {
          'application/problem+json': {
            schema: PROBLEM_SCHEMA_REF,
            ...(known ? { example: problemExample(status, known.code, known.detail) } : {}),
          },
        },
      });
    }),
  );
}
