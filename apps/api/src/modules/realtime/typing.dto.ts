import type { TypingPayload } from '@pneumatic/contracts';
import { IsBoolean } from 'class-validator';
import { IsUuidField } from '../../core/validation/uuid';

export class TypingPayloadDto implements TypingPayload {
  @IsUuidField()
  conversation_id!: string;

  @IsBoolean()
  typing!: boolean;
}
