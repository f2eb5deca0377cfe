import { Injectable, OnModuleInit } from '@nestjs/common';
import { LIMITS, normalizeUsername, type User } from '@pneumatic/contracts';
import { NotFoundError } from '../../core/errors';
import { PresenceService } from '../presence/presence.service';
import { toUser } from './dto/user.dto';
import { UsersRepository } from './users.repository';

/** Who exists, and what others may see of them. */
@Injectable()
export class UsersService implements OnModuleInit {
  constructor(
    private readonly users: UsersRepository,
    private readonly presence: PresenceService,
  ) {}

  /** "Last seen" is kept with the user, so it survives restarts; it is stored before the user is announced offline. */
  onModuleInit(): void {
    this.presence.recordLastSeenWith((userId, lastSeen) => this.users.setLastSeen(userId, lastSeen));
  }

  async getById(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('User not found');
    return toUser(user);
  }

  /**
   * Everyone but the caller, by username, with presence; `q` matches the start of a username or a full
   * name. With `ids`, exactly those users (how a client learns the names of a conversation's members).
   */
  async list(callerId: string, query: { q?: string; limit?: number; ids?: readonly string[] }): Promise<User[]> {
    const prefix = query.q ? normalizeUsername(query.q.trim()) : undefined;
    const users = query.ids
      ? await this.users.findByIds([...new Set(query.ids)])
      : await this.users.search(callerId, prefix || undefined, query.limit ?? LIMITS.usersPageDefault);
    const presence = await this.presence.of(
      users.map((user) => user.id),
      new Map(users.map((user) => [user.id, user.lastSeenAt ?? null])),
    );
    return users.map((user) => {
      const { online, last_seen } = presence.get(user.id) ?? { online: false, last_seen: null };
      return { ...toUser(user), online, last_seen };
    });
  }
}
