import { ApiProperty } from '@nestjs/swagger';
import type { ConversationSettingsRequest } from '@pneumatic/contracts';
import { IsBoolean } from 'class-validator';

/** PUT /conversations/{id}/settings: the caller's own settings of the conversation. */
export class ConversationSettingsDto implements ConversationSettingsRequest {
  @ApiProperty({ description: 'No notifications from it (its unread messages still count)', example: true })
  @IsBoolean()
  muted!: boolean;
}
