import type { MessageKind } from '@pneumatic/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'messages' })
export class MessageEntity {
  @PrimaryColumn()
  id!: string;

  /** The sender's idempotency key: unique per (sender_id, message_id). */
  @Column({ name: 'message_id' })
  messageId!: string;

  @Column({ name: 'sender_id' })
  senderId!: string;

  @Column({ name: 'conversation_id' })
  conversationId!: string;

  /** 1, 2, 3 … per conversation, no gaps; unique per (conversation_id, seq). */
  @Column()
  seq!: number;

  /** When it last changed, on its conversation's change counter; unique per (conversation_id, change_seq). */
  @Column({ name: 'change_seq' })
  changeSeq!: number;

  /** "" once deleted. */
  @Column({ type: 'text' })
  content!: string;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'edited_at', type: Date, nullable: true })
  editedAt!: Date | null;

  @Column({ name: 'deleted_at', type: Date, nullable: true })
  deletedAt!: Date | null;

  /** `[{emoji, user_ids}]` as JSON text, in the order each emoji was first used; '[]' once deleted. */
  @Column({ type: 'text', default: '[]' })
  reactions!: string;

  /** The message it answers, of the same conversation; null for none. */
  @Column({ name: 'reply_to_id', type: String, nullable: true })
  replyToId!: string | null;

  /** 'user', or 'system' for the server's record of a change to the group (SPEC 10.4). */
  @Column({ type: 'varchar', default: 'user' })
  kind!: MessageKind;

  /** A system message's {type, actor_id, user_ids, title} as JSON text; null for a user's message. */
  @Column({ type: 'text', nullable: true })
  system!: string | null;
}

/** The text a message had before an edit replaced it; deleted with the message (and when the message is deleted). */
@Entity({ name: 'message_revisions' })
export class MessageRevisionEntity {
  @PrimaryColumn()
  id!: string;

  @Column({ name: 'message_id' })
  messageId!: string;

  @Column({ type: 'text' })
  content!: string;

  @Column({ name: 'edited_at' })
  editedAt!: Date;

  /** The change_seq of the edit that replaced this text: orders the revisions of a message. */
  @Column({ name: 'change_seq' })
  changeSeq!: number;
}
