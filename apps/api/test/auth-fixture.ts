import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../src/config/app-config';
import { DomainEvents } from '../src/core/events/domain-events';
import { RedisService } from '../src/core/redis/redis.service';
import { AccountService } from '../src/modules/auth/account.service';
import { AuthService } from '../src/modules/auth/auth.service';
import { PasswordHasher } from '../src/modules/auth/password-hasher';
import { RefreshTokensRepository } from '../src/modules/auth/refresh-tokens.repository';
import { SessionRevocations } from '../src/modules/auth/session-revocations';
import { SessionsRepository } from '../src/modules/auth/sessions.repository';
import { SessionsService } from '../src/modules/auth/sessions.service';
import { TokenService } from '../src/modules/auth/token.service';
import { UsersRepository } from '../src/modules/users/users.repository';
import { FakeRefreshTokensRepository } from './fakes/refresh-tokens.repository.fake';
import { FakeSessionsRepository } from './fakes/sessions.repository.fake';
import { FakeUsersRepository } from './fakes/users.repository.fake';
import { inlineDatabase, testConfig } from './test-service';

/**
 * The auth module's services over typed fakes of its repositories: the real token service, password hasher,
 * sessions service and revocation set (no Redis). `events` records what was announced.
 */
export function authFixture(config: AppConfig = testConfig()) {
  const users = new FakeUsersRepository();
  const refreshTokens = new FakeRefreshTokensRepository();
  const sessionRows = new FakeSessionsRepository();
  const events = new DomainEvents();
  const database = inlineDatabase as never;
  const tokens = new TokenService(new JwtService(), config);
  const passwords = new PasswordHasher();
  const revocations = new SessionRevocations(sessionRows as unknown as SessionsRepository, new RedisService(config), events, config);
  const sessions = new SessionsService(
    sessionRows as unknown as SessionsRepository,
    refreshTokens as unknown as RefreshTokensRepository,
    revocations,
    database,
  );
  const auth = new AuthService(
    users as unknown as UsersRepository,
    refreshTokens as unknown as RefreshTokensRepository,
    sessionRows as unknown as SessionsRepository,
    sessions,
    revocations,
    passwords,
    tokens,
    database,
    events,
  );
  const account = new AccountService(users as unknown as UsersRepository, passwords, sessions, database);
  return { auth, account, sessions, revocations, tokens, users, refreshTokens, sessionRows, events };
}
