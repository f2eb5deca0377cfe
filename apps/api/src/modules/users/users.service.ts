import { Injectable } from '@nestjs/common';
import { LIMITS, normalizeUsername, type User } from '@pneumatic/contracts';
import { NotFoundError } from '../../core/errors';
import { toUser } from './dto/user.dto';
import { UsersRepository } from './users.repository';

/** Who exists, and what others may see of them. */
@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  async getById(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('User not found');
    return toUser(user);
  }

  /** Everyone but the caller, by username; `q` matches the start of a username or a full name. */
  async list(callerId: string, query: { q?: string; limit?: number }): Promise<User[]> {
    const prefix = query.q ? normalizeUsername(query.q.trim()) : undefined;
    const users = await this.users.search(callerId, prefix || undefined, query.limit ?? LIMITS.usersPageDefault);
    return users.map(toUser);
  }
}
