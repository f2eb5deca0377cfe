import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { AccessTokenGuard } from './access-token.guard';
import { AccountController } from './account.controller';
import { AccountService } from './account.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionEntity } from './session.entity';
import { SessionRevocations } from './session-revocations';
import { SessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';

/** Sign-up, login, sessions and token rotation, the caller's own account, and the global guard that authenticates every other route. */
@Module({
  imports: [UsersModule, JwtModule.register({}), TypeOrmModule.forFeature([RefreshTokenEntity, SessionEntity])],
  controllers: [AuthController, AccountController, SessionsController],
  providers: [
    AuthService,
    AccountService,
    PasswordHasher,
    TokenService,
    RefreshTokensRepository,
    SessionsRepository,
    SessionsService,
    SessionRevocations,
    { provide: APP_GUARD, useClass: AccessTokenGuard },
  ],
  exports: [AuthService, TokenService, SessionsService],
})
export class AuthModule {}
