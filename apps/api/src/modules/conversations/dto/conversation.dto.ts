import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Conversation, ConversationsResponse, MemberPresence, ReadMarker } from '@pneumatic/contracts';
import { MessageDto } from '../../messages/dto/message.dto';
import type { ConversationRow } from '../conversations.repository';

export class MemberPresenceDto implements MemberPresence {
  @ApiProperty({ format: 'uuid' }) user_id!: string;
  @ApiProperty() online!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_seen!: string | null;
}

export class ReadMarkerDto implements ReadMarker {
  @ApiProperty({ format: 'uuid' }) user_id!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) last_read_seq!: number;
}

export class ConversationDto implements Conversation {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: [String], format: 'uuid', description: 'User ids of every member, the caller included' }) members!: string[];
  @ApiProperty() is_group!: boolean;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The members who manage the group, in joining order; [] for a 1-on-1' })
  admins!: string[];
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time', description: 'Last activity' }) updated_at!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Seq of the newest message (0 when none)' }) last_seq!: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'The newest change_seq of its messages: every change up to it has been announced',
  })
  last_change_seq!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: "The caller's read marker" }) last_read_seq!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) unread_count!: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Unread messages (after the caller’s read marker, not deleted) that mention the caller',
  })
  unread_mentions!: number;
  @ApiProperty({ description: 'The caller muted it: no notifications; its unread messages still count' }) muted!: boolean;
  @ApiProperty({ type: MessageDto, nullable: true }) last_message!: MessageDto | null;
  @ApiPropertyOptional({ type: [MemberPresenceDto], description: 'Presence of the other members' })
  presence?: MemberPresenceDto[];
  @ApiPropertyOptional({ type: [ReadMarkerDto], description: 'Read markers of the other members' })
  read_markers?: ReadMarkerDto[];
}

export class ConversationsResponseDto implements ConversationsResponse {
  @ApiProperty({ type: [ConversationDto] }) conversations!: ConversationDto[];
}

/**
 * A conversation as `viewerId` sees it. Seqs have no gaps and a member's own messages move their
 * marker, so what is unread is exactly last_seq − last_read_seq: no count query.
 */
export function toConversation(row: ConversationRow, viewerId: string, presence: ReadonlyMap<string, MemberPresence>): Conversation {
  const others = row.members.filter((member) => member.userId !== viewerId);
  const viewer = row.members.find((member) => member.userId === viewerId);
  const lastReadSeq = viewer?.lastReadSeq ?? row.lastReadSeq;
  return {
    id: row.id,
    title: row.title,
    members: row.members.map((member) => member.userId),
    is_group: row.isGroup,
    admins: row.members.filter((member) => member.role === 'admin').map((member) => member.userId),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    last_seq: row.lastSeq,
    last_change_seq: row.lastChangeSeq,
    last_read_seq: lastReadSeq,
    unread_count: Math.max(0, row.lastSeq - lastReadSeq),
    unread_mentions: viewer?.unreadMentions ?? 0,
    muted: viewer?.muted ?? false,
    last_message: row.lastMessage,
    presence: others.map((member) => presence.get(member.userId) ?? { user_id: member.userId, online: false, last_seen: null }),
    read_markers: others.map((member) => ({ user_id: member.userId, last_read_seq: member.lastReadSeq })),
  };
}
