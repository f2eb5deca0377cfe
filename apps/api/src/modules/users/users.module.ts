import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PresenceModule } from '../presence/presence.module';
import { Administrators } from './administrators';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Owns the users table, the user list, profiles, and who the administrators are. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity]), PresenceModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, Administrators],
  exports: [UsersRepository, UsersService, Administrators],
})
export class UsersModule {}
