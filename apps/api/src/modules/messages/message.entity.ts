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

  @Column({ type: 'text' })
  content!: string;

  @Column({ name: 'created_at' })
  createdAt!: Date;
}
