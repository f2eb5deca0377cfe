import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationFailedError } from '../../core/errors';
import type { AuthUser } from '../../core/http/current-user.decorator';
import { Database } from '../../database/database.service';
import { UsersRepository } from '../users/users.repository';
import { PasswordHasher } from './password-hasher';
import { SessionsService } from './sessions.service';

/** What a signed-in user does to their own credentials. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly database: Database,
  ) {}

  /**
   * Sets a new password once the current one is proven, and ends every other session of the user in the same
   * transaction (someone who knew the old password is signed out everywhere). A wrong current password is a
   * field error (400), never a 401: the caller's session is fine, and a 401 would make clients drop it.
   */
  async changePassword(caller: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new NotFoundError('User not found');
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
      throw new ValidationFailedError(
        [{ field: 'current_password', message: 'is not your current password' }],
        'The current password is not correct',
      );
    }
    const hash = await this.passwords.hash(newPassword);
    const ending = await this.database.write(async (tx) => {
      await this.users.updatePasswordHash(user.id, hash, tx);
      return this.sessions.endWithin(tx, { userId: user.id, except: caller.sessionId }, 'password_changed');
    });
    this.sessions.announce(ending);
  }
}
