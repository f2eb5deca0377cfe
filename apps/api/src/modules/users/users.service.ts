import { Injectable, OnModuleInit } from '@nestjs/common';
import { LIMITS, normalizeUsername, type Account, type User } from '@pneumatic/contracts';
import { NotFoundError } from '../../core/errors';
import { DomainEvents } from '../../core/events/domain-events';
import { cleanDisplayText } from '../../core/validation/text';
import { PresenceService } from '../presence/presence.service';
import { Administrators } from './administrators';
import { toUser } from './dto/user.dto';
import type { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

/** Who exists, and what others may see of them. */
@Injectable()
export class UsersService implements OnModuleInit {
  constructor(
    private readonly users: UsersRepository,
    private readonly presence: PresenceService,
    private readonly events: DomainEvents,
    private readonly administrators: Administrators,
  ) {}

  /** "Last seen" is kept with the user, so it survives restarts; it is stored before the user is announced offline. */
  onModuleInit(): void {
    this.presence.recordLastSeenWith((userId, lastSeen) => this.users.setLastSeen(userId, lastSeen));
  }

  async getById(id: string): Promise<User> {
    return toUser(await this.require(id));
  }

  /** The signed-in user as they see themself: with whether they are an administrator. */
  async account(id: string): Promise<Account> {
    const user = await this.require(id);
    return { ...toUser(user), administrator: this.administrators.includes(user.username) };
  }

  /** Changes the user's display name (null or blank clears it); their contacts are told when it changed. */
  async updateProfile(id: string, fullName: string | null): Promise<Account> {
    const user = await this.require(id);
    const cleaned = fullName === null ? null : cleanDisplayText(fullName);
    if (cleaned !== user.fullName) {
      await this.users.updateFullName(id, cleaned);
      this.events.emit('user.updated', { user: toUser({ ...user, fullName: cleaned }) });
    }
    return this.account(id);
  }

  /**
   * Gives the user a new avatar (null removes it), tells their contacts, and answers the account with the id of the
   * picture it replaced, for the caller to delete from storage.
   */
  async replaceAvatar(id: string, avatarId: string | null): Promise<{ account: Account; replaced: string | null }> {
    const user = await this.require(id);
    const replaced = await this.users.replaceAvatar(id, avatarId);
    if (replaced !== avatarId) this.events.emit('user.updated', { user: toUser({ ...user, avatarId }) });
    return { account: await this.account(id), replaced };
  }

  avatarInUse(avatarId: string): Promise<boolean> {
    return this.users.avatarInUse(avatarId);
  }

  /**
   * Everyone but the caller and the deactivated, by username, with presence; `q` matches the start of a username or
   * a full name. With `ids`, exactly those users (how a client learns the names of a conversation's members).
   */
  async list(callerId: string, query: { q?: string; limit?: number; ids?: readonly string[] }): Promise<User[]> {
    const users = query.ids
      ? await this.users.findByIds([...new Set(query.ids)])
      : await this.users.search({ excludeId: callerId, prefix: searchPrefix(query.q), limit: query.limit ?? LIMITS.usersPageDefault });
    const presence = await this.presence.of(
      users.map((user) => user.id),
      new Map(users.map((user) => [user.id, user.lastSeenAt ?? null])),
    );
    return users.map((user) => {
      const { online, last_seen } = presence.get(user.id) ?? { online: false, last_seen: null };
      return { ...toUser(user), online, last_seen };
    });
  }

  /** Everyone, deactivated users and the caller included, by username (for the administrators' page). */
  async listAll(query: { q?: string; limit?: number }): Promise<User[]> {
    const users = await this.users.search({
      prefix: searchPrefix(query.q),
      limit: query.limit ?? LIMITS.usersPageDefault,
      includeDeactivated: true,
    });
    return users.map(toUser);
  }

  private async require(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('User not found');
    return user;
  }
}

/** A search is by the start of a name, normalised like a username so that "ＡＬ" finds alice. */
function searchPrefix(q: string | undefined): string | undefined {
  return (q ? normalizeUsername(q.trim()) : '') || undefined;
}
