import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One issued refresh token, by its `jti`. Tokens of one login form a family; presenting a spent
 * token after its grace period revokes the family (RFC 9700 refresh-token rotation).
 */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenEntity {
  @PrimaryColumn()
  id!: string;

  @Column({ name: 'family_id' })
  familyId!: string;

  @Column({ name: 'user_id' })
  userId!: string;

  @Column({ name: 'expires_at' })
  expiresAt!: Date;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  /** When it was exchanged for a new token; a spent token is only accepted within the grace period. */
  @Column({ name: 'used_at', type: Date, nullable: true })
  usedAt!: Date | null;

  @Column({ name: 'replaced_by', type: 'varchar', nullable: true })
  replacedBy!: string | null;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt!: Date | null;
}
