import { ApiProperty } from '@nestjs/swagger';
import {
  LIMITS,
  replyExcerpt,
  SYSTEM_EVENT_TYPES,
  type ChangesPage,
  type Message,
  type MessageKind,
  type MessageRevision,
  type MessagesPage,
  type Reaction,
  type ReplyPreview,
  type RevisionsResponse,
  type SystemEvent,
  type SystemEventType,
} from '@pneumatic/contracts';
import { toIsoTime, toInt } from '../../../database/database.service';
import { AttachmentDto, attachmentsOf } from '../../attachments/dto/attachment.dto';

export class ReactionDto implements Reaction {
  @ApiProperty({ description: 'One Unicode emoji, exactly as it was sent', example: '👍' }) emoji!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) count!: number;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'Who reacted with it, in the order they did' })
  user_ids!: string[];
}

export class ReplyPreviewDto implements ReplyPreview {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) seq!: number;
  @ApiProperty({ format: 'uuid' }) sender_id!: string;
  @ApiProperty({ maxLength: LIMITS.replyExcerptMax, description: 'Its first 200 code points, as it is now; "" once deleted' })
  excerpt!: string;
  @ApiProperty() deleted!: boolean;
}

export class SystemEventDto implements SystemEvent {
  @ApiProperty({ enum: SYSTEM_EVENT_TYPES, description: 'What changed' }) type!: SystemEventType;
  @ApiProperty({ format: 'uuid', description: 'Who made the change (also the sender_id)' }) actor_id!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Whom it concerns: added, removed, left, role changed; [] for a rename' })
  user_ids!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The new title of a `renamed` (null when cleared); null otherwise' })
  title!: string | null;
}

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
  @ApiProperty({ type: [ReactionDto], description: 'In the order each emoji was first used; [] once deleted' })
  reactions!: ReactionDto[];
  @ApiProperty({ type: ReplyPreviewDto, nullable: true, description: 'The message it answers, as that one is now' })
  reply_to!: ReplyPreviewDto | null;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'The members its text mentions as `@username` (longest member username, case-insensitive, not followed by a letter or digit), each once, in the order first mentioned; [] once deleted',
  })
  mentions!: string[];
  @ApiProperty({
    enum: ['user', 'system'],
    description: '`system`: the server’s record of a change to the group; never edited, deleted or reacted to',
  })
  kind!: MessageKind;
  @ApiProperty({ type: SystemEventDto, nullable: true, description: 'What a system message records; null for a user’s message' })
  system!: SystemEventDto | null;
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

const isoOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : toIsoTime(value));

/** The columns {@link toMessage} reads, named as they are in a row read with a prefix (`msg_id`, …). */
const MESSAGE_COLUMNS = [
  'id',
  'message_id',
  'sender_id',
  'conversation_id',
  'seq',
  'change_seq',
  'content',
  'created_at',
  'edited_at',
  'deleted_at',
  'attachments',
  'reactions',
  'kind',
  'system',
  'mentions',
  'reply_to_id',
  'reply_seq',
  'reply_deleted_at',
  'reply_sender_id',
  'reply_content',
] as const;
type MessageColumns = Readonly<Record<(typeof MESSAGE_COLUMNS)[number], string>>;
const columnsByPrefix = new Map<string, MessageColumns>();

/**
 * The column names of a prefix, made once: a key built per field and row (`${prefix}id`) is a new string that V8 must
 * look up anew each time, which cost a list of 50 last messages a tenth of a millisecond.
 */
function columnsOf(prefix: string): MessageColumns {
  let columns = columnsByPrefix.get(prefix);
  if (!columns) {
    columns = Object.fromEntries(MESSAGE_COLUMNS.map((name) => [name, `${prefix}${name}`])) as MessageColumns;
    columnsByPrefix.set(prefix, columns);
  }
  return columns;
}

/** A messages row of either dialect, as the wire shows it. `prefix` reads the columns of a join (`msg_id`, …). */
export function toMessage(row: Record<string, unknown>, prefix = ''): Message {
  const col = columnsOf(prefix);
  return {
    id: row[col.id] as string,
    message_id: row[col.message_id] as string,
    sender_id: row[col.sender_id] as string,
    conversation_id: row[col.conversation_id] as string,
    seq: toInt(row[col.seq]),
    change_seq: toInt(row[col.change_seq]),
    content: row[col.content] as string,
    created_at: toIsoTime(row[col.created_at]),
    edited_at: isoOrNull(row[col.edited_at]),
    deleted_at: isoOrNull(row[col.deleted_at]),
    attachments: attachmentsOf(row[col.attachments]),
    reactions: reactionsOf(row[col.reactions]),
    reply_to: replyOf(row, col),
    mentions: mentionsOf(row[col.mentions]),
    kind: row[col.kind] === 'system' ? 'system' : 'user',
    system: systemOf(row[col.system]),
  };
}

/** What a reply shows of its original, as that one is now: its first code points, never half a character. */
export function replyPreviewOf(original: Message): ReplyPreview {
  const deleted = original.deleted_at !== null;
  return {
    id: original.id,
    seq: original.seq,
    sender_id: original.sender_id,
    excerpt: deleted ? '' : replyExcerpt(original.content),
    deleted,
  };
}

/** The joined original (`reply_*` columns) of a reply row; null for a message that answers none. */
function replyOf(row: Record<string, unknown>, col: MessageColumns): ReplyPreview | null {
  const id = row[col.reply_to_id] as string | null | undefined;
  if (!id || row[col.reply_seq] === null || row[col.reply_seq] === undefined) return null;
  const deleted = row[col.reply_deleted_at] !== null && row[col.reply_deleted_at] !== undefined;
  return {
    id,
    seq: toInt(row[col.reply_seq]),
    sender_id: row[col.reply_sender_id] as string,
    excerpt: deleted ? '' : replyExcerpt(row[col.reply_content] as string),
    deleted,
  };
}

/** The stored `[{emoji, user_ids}]` as the wire shows it (with counts); most messages have none, and skip the parse. */
function reactionsOf(stored: unknown): Reaction[] {
  if (typeof stored !== 'string' || stored === '[]') return [];
  return (JSON.parse(stored) as { emoji: string; user_ids: string[] }[]).map(({ emoji, user_ids }) => ({
    emoji,
    count: user_ids.length,
    user_ids,
  }));
}

/** The stored JSON array of user ids; null (no mention, most messages) skips the parse. */
function mentionsOf(stored: unknown): string[] {
  return typeof stored === 'string' ? (JSON.parse(stored) as string[]) : [];
}

function systemOf(value: unknown): SystemEvent | null {
  if (typeof value !== 'string') return null;
  const { type, actor_id, user_ids, title } = JSON.parse(value) as SystemEvent;
  return { type, actor_id, user_ids, title };
}
