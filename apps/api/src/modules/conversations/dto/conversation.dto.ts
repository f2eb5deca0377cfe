import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Conversation, ConversationsResponse, MemberPresence, Message } from '@pneumatic/contracts';
import { MessageDto } from '../../messages/dto/message.dto';
import type { ConversationRow } from '../conversations.repository';

export class MemberPresenceDto implements MemberPresence {
  @ApiProperty({ format: 'uuid' }) user_id!: string;
  @ApiProperty() online!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_seen!: string | null;
}

export class ConversationDto implements Conversation {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: [String], description: 'User ids of every member, the caller included' }) members!: string[];
  @ApiProperty() is_group!: boolean;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time', description: 'Last activity' }) updated_at!: string;
  @ApiProperty({ description: 'Seq of the newest message (0 when none)' }) last_seq!: number;
  @ApiProperty({ description: "The caller's read marker" }) last_read_seq!: number;
  @ApiProperty() unread_count!: number;
  @ApiProperty({ type: MessageDto, nullable: true }) last_message!: MessageDto | null;
  @ApiPropertyOptional({ type: [MemberPresenceDto], description: 'In the list: presence of the other members' })
  presence?: MemberPresenceDto[];
}

export class ConversationsResponseDto implements ConversationsResponse {
  @ApiProperty({ type: [ConversationDto] }) conversations!: ConversationDto[];
}

/**
 * Seqs have no gaps and a member's own messages move their marker, so what is unread
 * is exactly last_seq − last_read_seq: no count query.
 */
export function toConversation(row: ConversationRow): Conversation {
  const lastMessage: Message | null = row.lastMessage && {
    id: row.lastMessage.id,
    message_id: row.lastMessage.messageId,
    sender_id: row.lastMessage.senderId,
    conversation_id: row.id,
    seq: row.lastMessage.seq,
    content: row.lastMessage.content,
    created_at: row.lastMessage.createdAt.toISOString(),
  };
  return {
    id: row.id,
    title: row.title,
    members: row.members,
    is_group: row.isGroup,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    last_seq: row.lastSeq,
    last_read_seq: row.lastReadSeq,
    unread_count: Math.max(0, row.lastSeq - row.lastReadSeq),
    last_message: lastMessage,
  };
}
