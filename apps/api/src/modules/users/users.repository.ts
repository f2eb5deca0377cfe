import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, IsNull, Not, Repository } from 'typeorm';
import { isUniqueViolation } from '../../core/errors';
import { Database, toDate } from '../../database/database.service';
import { UserEntity } from './user.entity';

export class UsernameTakenError extends Error {}

const USER_COLUMNS = 'id, username, full_name, password_hash, created_at, last_seen_at, deactivated_at, avatar_id';
interface UserRow {
  id: string;
  username: string;
  full_name: string | null;
  password_hash: string;
  created_at: unknown;
  last_seen_at: unknown;
  deactivated_at: unknown;
  avatar_id: string | null;
}

const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : toDate(value));

function toUserEntity(row: UserRow): UserEntity {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name ?? null,
    passwordHash: row.password_hash,
    createdAt: toDate(row.created_at),
    lastSeenAt: dateOrNull(row.last_seen_at),
    deactivatedAt: dateOrNull(row.deactivated_at),
    avatarId: row.avatar_id ?? null,
  };
}

export interface UserSearch {
  readonly prefix?: string;
  readonly limit: number;
  readonly excludeId?: string;
  readonly includeDeactivated?: boolean;
}

/** The only code that reads and writes the users table. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly database: Database,
  ) {}

  /** Raw SQL, not `findOneBy`: the access-token guard asks on every request, and TypeORM's query building cost more than the lookup. */
  async findById(id: string): Promise<UserEntity | null> {
    if (typeof id !== 'string') return null;
    const [row] = await this.database.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return row ? toUserEntity(row) : null;
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username });
  }

  /** The users with these ids, by username. */
  findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users.find({ where: { id: In([...ids]) }, order: { username: 'ASC' } });
  }

  /** Ids among `ids` that belong to existing users. */
  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.users.find({ select: { id: true }, where: { id: In([...ids]) } });
    return new Set(rows.map((row) => row.id));
  }

  /** Inserts a user; the unique index, not a prior lookup, decides a race between two sign-ups. */
  async insert(user: UserEntity): Promise<UserEntity> {
    try {
      await this.database.write((tx) => tx.getRepository(UserEntity).insert(user));
      return user;
    } catch (error) {
      if (isUniqueViolation(error)) throw new UsernameTakenError(user.username);
      throw error;
    }
  }

  /** Inside the caller's transaction when given one (a password change ends sessions in the same one). */
  updatePasswordHash(id: string, passwordHash: string, manager?: EntityManager): Promise<unknown> {
    if (manager) return manager.getRepository(UserEntity).update({ id }, { passwordHash });
    return this.database.write((tx) => tx.getRepository(UserEntity).update({ id }, { passwordHash }));
  }

  async updateFullName(id: string, fullName: string | null): Promise<void> {
    await this.database.write((tx) => tx.getRepository(UserEntity).update({ id }, { fullName }));
  }

  /** Sets the user's avatar (null: none) and answers the one it replaced, read in the same transaction. */
  replaceAvatar(id: string, avatarId: string | null): Promise<string | null> {
    return this.database.write(async (tx) => {
      const users = tx.getRepository(UserEntity);
      const current = await users.findOne({ select: { id: true, avatarId: true }, where: { id } });
      await users.update({ id }, { avatarId });
      return current?.avatarId ?? null;
    });
  }

  /** Whether a user has this avatar now (an avatar that was replaced or removed is not served). */
  async avatarInUse(avatarId: string): Promise<boolean> {
    return (await this.users.count({ where: { avatarId } })) > 0;
  }

  /** Deactivates (a time) or reactivates (null) inside the caller's transaction; true when it changed anything. */
  async setDeactivatedAt(id: string, at: Date | null, manager: EntityManager): Promise<boolean> {
    const result = await manager
      .getRepository(UserEntity)
      .update({ id, deactivatedAt: at ? IsNull() : Not(IsNull()) }, { deactivatedAt: at });
    return (result.affected ?? 0) > 0;
  }

  async setLastSeen(id: string, at: Date): Promise<void> {
    await this.database.write((tx) => tx.getRepository(UserEntity).update({ id }, { lastSeenAt: at }));
  }

  /**
   * Users whose username or full name starts with `prefix`, by username: but `excludeId`, and deactivated users only
   * with `includeDeactivated` (the administrators' list).
   */
  search(options: UserSearch): Promise<UserEntity[]> {
    const { excludeId, prefix, limit, includeDeactivated } = options;
    const query = this.users.createQueryBuilder('user').orderBy('user.username', 'ASC').limit(limit);
    if (!includeDeactivated) query.andWhere({ deactivatedAt: IsNull() });
    if (excludeId) query.andWhere({ id: Not(excludeId) });
    if (prefix) {
      const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere(
        new Brackets((where) =>
          where
            .where("user.username LIKE :username ESCAPE '\\'", { username: pattern.toLowerCase() })
            .orWhere("lower(user.full_name) LIKE :fullName ESCAPE '\\'", { fullName: pattern.toLowerCase() }),
        ),
      );
    }
    return query.getMany();
  }
}
