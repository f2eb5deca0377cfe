import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/** Who the administrators are: the users named in ADMIN_USERNAMES (read at start; a change needs a restart). */
@Injectable()
export class Administrators {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  includes(username: string): boolean {
    return this.config.adminUsernames.has(username);
  }
}
