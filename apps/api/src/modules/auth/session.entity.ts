import type { SessionEndReason } from '@pneumatic/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One sign-in: a refresh-token family (`id` is its `family_id`). Access tokens name it in `sid`; once it has
 * ended, its refresh tokens no longer rotate and its access tokens are refused (see SessionRevocations).
 */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn()
  id!: string;

  @Column({ name: 'user_id' })
  userId!: string;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  /** When it last signed in or rotated its refresh token. */
  @Column({ name: 'last_used_at' })
  lastUsedAt!: Date;

  /** When its newest refresh token expires: past that, it is over without anyone ending it. */
  @Column({ name: 'expires_at' })
  expiresAt!: Date;

  @Column({ name: 'user_agent', type: 'varchar', nullable: true })
  userAgent!: string | null;

  @Column({ name: 'ended_at', type: Date, nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', nullable: true })
  endReason!: SessionEndReason | null;
}
