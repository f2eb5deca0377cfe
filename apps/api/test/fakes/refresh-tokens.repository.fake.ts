import type { RefreshTokenEntity } from '../../src/modules/auth/refresh-token.entity';
import type { RefreshTokensRepository } from '../../src/modules/auth/refresh-tokens.repository';
import type { PublicOf } from '../test-service';

export class FakeRefreshTokensRepository implements PublicOf<RefreshTokensRepository> {
  readonly rows = new Map<string, RefreshTokenEntity>();

  async findById(id: string) {
    const row = this.rows.get(id);
    return row ? { ...row } : null;
  }

  async insert(token: RefreshTokenEntity) {
    this.rows.set(token.id, { ...token });
  }

  async markUsed(id: string, replacedBy: string, at: Date) {
    const row = this.rows.get(id);
    if (!row || row.usedAt) return false;
    row.usedAt = at;
    row.replacedBy = replacedBy;
    return true;
  }

  async revokeFamily(familyId: string, at: Date) {
    await this.revokeFamilies([familyId], at);
  }

  async revokeFamilies(familyIds: readonly string[], at: Date) {
    for (const row of this.rows.values()) if (familyIds.includes(row.familyId) && !row.revokedAt) row.revokedAt = at;
  }
}
