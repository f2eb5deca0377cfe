import type { UserEntity } from '../../src/modules/users/user.entity';
import { UsernameTakenError, type UserSearch, type UsersRepository } from '../../src/modules/users/users.repository';
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

  async updateFullName(id: string, fullName: string | null) {
    const user = this.rows.get(id);
    if (user) user.fullName = fullName;
  }

  async setDeactivatedAt(id: string, at: Date | null) {
    const user = this.rows.get(id);
    if (!user || Boolean(user.deactivatedAt) === Boolean(at)) return false;
    user.deactivatedAt = at;
    return true;
  }

  async replaceAvatar(id: string, avatarId: string | null) {
    const user = this.rows.get(id);
    const replaced = user?.avatarId ?? null;
    if (user) user.avatarId = avatarId;
    return replaced;
  }

  async avatarInUse(avatarId: string) {
    return [...this.rows.values()].some((user) => user.avatarId === avatarId);
  }

  async setLastSeen(id: string, at: Date) {
    const user = this.rows.get(id);
    if (user) user.lastSeenAt = at;
  }

  async search({ excludeId, prefix, limit, includeDeactivated }: UserSearch) {
    return [...this.rows.values()]
      .filter((user) => user.id !== excludeId && (includeDeactivated || !user.deactivatedAt))
      .filter((user) => !prefix || user.username.startsWith(prefix) || (user.fullName ?? '').toLowerCase().startsWith(prefix))
      .sort((a, b) => a.username.localeCompare(b.username))
      .slice(0, limit);
  }
}
