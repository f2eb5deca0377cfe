import { ApiProperty } from '@nestjs/swagger';
import type { ReadPayload, ReadRequest } from '@pneumatic/contracts';
import { IsInt, Max, Min } from 'class-validator';
import { IsUuidField } from '../../../core/validation/uuid';

export class ReadDto implements ReadRequest {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The highest seq read; the marker never moves back', example: 42 })
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  seq!: number;
}

/** The Socket.IO `read` event: the same rule, with the conversation in the payload. */
export class ReadPayloadDto extends ReadDto implements ReadPayload {
  @IsUuidField()
  conversation_id!: string;
}
