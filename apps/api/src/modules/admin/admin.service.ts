import { Injectable, Logger } from '@nestjs/common';
import type { User } from '@pneumatic/contracts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../core/errors';
import { DomainEvents } from '../../core/events/domain-events';
import type { AuthUser } from '../../core/http/current-user.decorator';
import { Database } from '../../database/database.service';
import { SessionsService } from '../auth/sessions.service';
import { Administrators } from '../users/administrators';
import { toUser } from '../users/dto/user.dto';
import type { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';

/**
 * What administrators (ADMIN_USERNAMES) may do: see every account and deactivate or reactivate one. A deactivated
 * user cannot log in and every session of theirs ends; their messages stay. Each action is logged with its actor.
 */
@Injectable()
export class AdminService {
  private readonly logger = new Logger(AdminService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly administrators: Administrators,
    private readonly sessions: SessionsService,
    private readonly database: Database,
    private readonly events: DomainEvents,
  ) {}

  async list(actor: AuthUser, query: { q?: string; limit?: number }): Promise<User[]> {
    this.requireAdministrator(actor);
    return this.usersService.listAll(query);
  }

  async deactivate(actor: AuthUser, userId: string): Promise<User> {
    this.requireAdministrator(actor);
    const target = await this.target(userId);
    // An administrator's access comes from the configuration: deactivating one would lock out whoever runs the server.
    if (this.administrators.includes(target.username)) {
      throw new ConflictError('Administrators cannot be deactivated; remove them from ADMIN_USERNAMES first');
    }
    const at = new Date();
    const ending = await this.database.write(async (tx) =>
      (await this.users.setDeactivatedAt(target.id, at, tx)) ? this.sessions.endWithin(tx, { userId: target.id }, 'deactivated', at) : null,
    );
    if (!ending) return toUser(target);
    this.sessions.announce(ending);
    const user = toUser({ ...target, deactivatedAt: at });
    this.events.emit('user.updated', { user });
    this.logger.log(
      { actor_id: actor.id, actor: actor.username, user_id: target.id, username: target.username, sessions_ended: ending.sessions.length },
      'administrator deactivated a user',
    );
    return user;
  }

  async reactivate(actor: AuthUser, userId: string): Promise<User> {
    this.requireAdministrator(actor);
    const target = await this.target(userId);
    const changed = await this.database.write((tx) => this.users.setDeactivatedAt(target.id, null, tx));
    const user = toUser({ ...target, deactivatedAt: null });
    if (!changed) return user;
    this.events.emit('user.updated', { user });
    this.logger.log(
      { actor_id: actor.id, actor: actor.username, user_id: target.id, username: target.username },
      'administrator reactivated a user',
    );
    return user;
  }

  private requireAdministrator(actor: AuthUser): void {
    if (!this.administrators.includes(actor.username)) throw new ForbiddenError('Only administrators can do this');
  }

  private async target(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundError('User not found');
    return user;
  }
}
