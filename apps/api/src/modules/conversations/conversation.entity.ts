import type { MemberRole } from '@pneumatic/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'conversations' })
export class ConversationEntity {
  @PrimaryColumn()
  id!: string;

  @Column({ type: 'varchar', nullable: true })
  title!: string | null;

  @Column({ name: 'is_group' })
  isGroup!: boolean;

  /** For a 1-on-1 only: both user ids sorted and joined, unique, so a pair can never get two rooms. */
  @Column({ name: 'direct_key', type: 'varchar', nullable: true })
  directKey!: string | null;

  /** The seq of the newest message; the next message takes last_seq + 1 in the same transaction. */
  @Column({ name: 'last_seq' })
  lastSeq!: number;

  /** The newest change_seq of its messages; every creation, edit or deletion takes last_change_seq + 1 (SPEC 10.1). */
  @Column({ name: 'last_change_seq' })
  lastChangeSeq!: number;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'updated_at' })
  updatedAt!: Date;
}

@Entity({ name: 'conversation_members' })
export class ConversationMemberEntity {
  @PrimaryColumn({ name: 'conversation_id' })
  conversationId!: string;

  @PrimaryColumn({ name: 'user_id' })
  userId!: string;

  @Column({ name: 'joined_at' })
  joinedAt!: Date;

  /** Every message with seq ≤ this is read by this member. Moves forward only. */
  @Column({ name: 'last_read_seq' })
  lastReadSeq!: number;

  /** 'admin' or 'member' (SPEC 10.4); a 1-on-1 has only members. */
  @Column({ type: 'varchar', default: 'member' })
  role!: MemberRole;

  /** Muted by this member: no notifications in the web app; unread messages still count. */
  @Column({ default: false })
  muted!: boolean;
}
