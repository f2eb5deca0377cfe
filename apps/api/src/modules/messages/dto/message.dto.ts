import { ApiProperty } from '@nestjs/swagger';
import type { Message, MessagesPage } from '@pneumatic/contracts';
import { toDate, toInt } from '../../../database/database.service';

export class MessageDto implements Message {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: "The sender's idempotency key", example: 'web-1f3a:17' }) message_id!: string;
  @ApiProperty({ format: 'uuid' }) sender_id!: string;
  @ApiProperty({ format: 'uuid' }) conversation_id!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Position in the conversation: 1, 2, 3 … with no gaps' }) seq!: number;
  @ApiProperty({ maxLength: 4000 }) content!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class MessagesPageDto implements MessagesPage {
  @ApiProperty({ type: [MessageDto], description: 'Ascending seq' }) messages!: MessageDto[];
  @ApiProperty({ description: 'Older messages exist (default and before_seq), or newer ones (after_seq)' }) has_more!: boolean;
}

/** A messages row of either dialect, as the wire shows it. */
export function toMessage(row: Record<string, unknown>): Message {
  return {
    id: row['id'] as string,
    message_id: row['message_id'] as string,
    sender_id: row['sender_id'] as string,
    conversation_id: row['conversation_id'] as string,
    seq: toInt(row['seq']),
    content: row['content'] as string,
    created_at: toDate(row['created_at']).toISOString(),
  };
}
