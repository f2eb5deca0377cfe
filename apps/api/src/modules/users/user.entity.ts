import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn()
  id!: string;

  /** NFKC-normalised and lower-cased: the unique index makes it case-insensitive. */
  @Column()
  username!: string;

  @Column({ name: 'full_name', type: 'varchar', nullable: true })
  fullName!: string | null;

  @Column({ name: 'password_hash' })
  passwordHash!: string;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  /** When the user's last device went offline; null until then. */
  @Column({ name: 'last_seen_at', type: Date, nullable: true })
  lastSeenAt?: Date | null;

  /** When an administrator deactivated the account; null while it is active. */
  @Column({ name: 'deactivated_at', type: Date, nullable: true })
  deactivatedAt?: Date | null;

  /** The stored 128 px picture (`avatars/<avatar_id>.webp`); null without one. A new picture gets a new id. */
  @Column({ name: 'avatar_id', type: 'varchar', nullable: true })
  avatarId?: string | null;
}
