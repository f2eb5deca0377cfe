import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DeleteMessagePayload, EditMessagePayload, EditMessageRequest } from '@pneumatic/contracts';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsUuidField } from '../../../core/validation/uuid';
import { IsMessageContent } from './send-message.dto';

/** PATCH /messages/{id}: the new text, and optionally the change_seq the editor saw. */
export class EditMessageDto implements EditMessageRequest {
  @IsMessageContent()
  content!: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'The change_seq of the message as the editor saw it: if it changed since, 409 EDIT_CONFLICT',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2 ** 31 - 1)
  expected_change_seq?: number;
}

/** Socket.IO `message:edit`: the same rules, with the message named in the payload. */
export class EditMessagePayloadDto extends EditMessageDto implements EditMessagePayload {
  @IsString()
  @IsUuidField()
  id!: string;
}

/** Socket.IO `message:delete`. */
export class DeleteMessagePayloadDto implements DeleteMessagePayload {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @IsUuidField()
  id!: string;
}
