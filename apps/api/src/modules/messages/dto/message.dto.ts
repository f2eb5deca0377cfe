import { ApiProperty } from '@nestjs/swagger';
import type { ChangesPage, Message, MessageRevision, MessagesPage, RevisionsResponse } from '@pneumatic/contracts';
import { toDate, toInt } from '../../../database/database.service';
import { AttachmentDto, attachmentsOf } from '../../attachments/dto/attachment.dto';

export class MessageDto implements Message {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: "The sender's idempotency key", example: 'web-1f3a:17' }) message_id!: string;
  @ApiProperty({ format: 'uuid' }) sender_id!: string;
  @ApiProperty({ format: 'uuid' }) conversation_id!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Position in the conversation: 1, 2, 3 … with no gaps; never changes' })
  seq!: number;
  @ApiProperty({
    type: 'integer',
    description: 'When it last changed, on the conversation’s change counter: of two copies of a message, the higher is current',
  })
  change_seq!: number;
  @ApiProperty({ maxLength: 4000, description: '"" once deleted' }) content!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the text was last edited' }) edited_at!:
    | string
    | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set once deleted: a tombstone keeps its place' })
  deleted_at!: string | null;
  @ApiProperty({ type: [AttachmentDto], description: 'The files sent with it, in the order given; [] for none and once deleted' })
  attachments!: AttachmentDto[];
}

export class MessagesPageDto implements MessagesPage {
  @ApiProperty({ type: [MessageDto], description: 'Ascending seq' }) messages!: MessageDto[];
  @ApiProperty({ description: 'Older messages exist (default and before_seq), or newer ones (after_seq)' }) has_more!: boolean;
}

export class ChangesPageDto implements ChangesPage {
  @ApiProperty({ type: [MessageDto], description: 'Messages whose change_seq is above the cursor, current state, ascending change_seq' })
  messages!: MessageDto[];
  @ApiProperty({ description: 'More changes follow: ask again with after_change_seq = the last message’s change_seq' }) has_more!: boolean;
  @ApiProperty({ type: 'integer', description: 'The conversation’s change counter when read: the next cursor once has_more is false' })
  last_change_seq!: number;
}

export class MessageRevisionDto implements MessageRevision {
  @ApiProperty({ description: 'The text before an edit' }) content!: string;
  @ApiProperty({ format: 'date-time', description: 'When the edit that replaced it was made' }) edited_at!: string;
}

export class RevisionsResponseDto implements RevisionsResponse {
  @ApiProperty({ type: [MessageRevisionDto], description: 'Oldest first; the current text is not among them' })
  revisions!: MessageRevisionDto[];
}

const isoOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : toDate(value).toISOString());

/** A messages row of either dialect, as the wire shows it. `prefix` reads the columns of a join (`msg_id`, …). */
export function toMessage(row: Record<string, unknown>, prefix = ''): Message {
  return {
    id: row[`${prefix}id`] as string,
    message_id: row[`${prefix}message_id`] as string,
    sender_id: row[`${prefix}sender_id`] as string,
    conversation_id: row[`${prefix}conversation_id`] as string,
    seq: toInt(row[`${prefix}seq`]),
    change_seq: toInt(row[`${prefix}change_seq`]),
    content: row[`${prefix}content`] as string,
    created_at: toDate(row[`${prefix}created_at`]).toISOString(),
    edited_at: isoOrNull(row[`${prefix}edited_at`]),
    deleted_at: isoOrNull(row[`${prefix}deleted_at`]),
    attachments: attachmentsOf(row[`${prefix}attachments`]),
  };
}
