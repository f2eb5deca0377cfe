import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';

/** The only code that reads and writes refresh_tokens; `manager` joins a caller's transaction. */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectRepository(RefreshTokenEntity) private readonly tokens: Repository<RefreshTokenEntity>) {}

  private repo(manager?: EntityManager): Repository<RefreshTokenEntity> {
    return manager ? manager.getRepository(RefreshTokenEntity) : this.tokens;
  }

  findById(id: string, manager?: EntityManager): Promise<RefreshTokenEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  async insert(token: RefreshTokenEntity, manager?: EntityManager): Promise<void> {
    await this.repo(manager).insert(token);
  }

  /** Marks a token spent, unless someone else spent it first; true when this call did. */
  async markUsed(id: string, replacedBy: string, at: Date, manager?: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).update({ id, usedAt: IsNull() }, { usedAt: at, replacedBy });
    return (result.affected ?? 0) > 0;
  }

  async revokeFamily(familyId: string, at: Date, manager?: EntityManager): Promise<void> {
    await this.revokeFamilies([familyId], at, manager);
  }

  async revokeFamilies(familyIds: readonly string[], at: Date, manager?: EntityManager): Promise<void> {
    if (familyIds.length === 0) return;
    await this.repo(manager).update({ familyId: In([...familyIds]), revokedAt: IsNull() }, { revokedAt: at });
  }
}
