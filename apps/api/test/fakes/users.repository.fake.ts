import type { UserEntity } from '../../src/modules/users/user.entity';
import { UsernameTakenError, type UsersRepository } from '../../src/modules/users/users.repository';
import type { PublicOf } from '../test-service';

/** In-memory users with the same unique-username rule as the database. */
export class FakeUsersRepository implements PublicOf<UsersRepository> {
  readonly rows = new Map<string, UserEntity>();

  async findById(id: string) {
    return this.rows.get(id) ?? null;
  }

  async findByUsername(username: string) {
    return [...this.rows.values()].find((user) => user.username === username) ?? null;
  }

  async findByIds(ids: readonly string[]) {
    return ids.flatMap((id) => this.rows.get(id) ?? []).sort((a, b) => a.username.localeCompare(b.username));
  }

  async existingIds(ids: readonly string[]) {
    return new Set(ids.filter((id) => this.rows.has(id)));
  }

  async insert(user: UserEntity) {
    if (await this.findByUsername(user.username)) throw new UsernameTakenError(user.username);
    this.rows.set(user.id, { ...user });
    return user;
  }

  async updatePasswordHash(id: string, passwordHash: string) {
    const user = this.rows.get(id);
    if (user) user.passwordHash = passwordHash;
  }

  async setLastSeen(id: string, at: Date) {
    const user = this.rows.get(id);
    if (user) user.lastSeenAt = at;
  }

  async search(excludeId: string, prefix: string | undefined, limit: number) {
    return [...this.rows.values()]
      .filter((user) => user.id !== excludeId)
      .filter((user) => !prefix || user.username.startsWith(prefix) || (user.fullName ?? '').toLowerCase().startsWith(prefix))
      .sort((a, b) => a.username.localeCompare(b.username))
      .slice(0, limit);
  }
}
