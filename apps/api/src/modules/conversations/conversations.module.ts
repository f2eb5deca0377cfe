import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PresenceModule } from '../presence/presence.module';
import { UsersModule } from '../users/users.module';
import { ConversationEntity, ConversationMemberEntity } from './conversation.entity';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';

/** Owns conversations and their members: creation, listing, and the membership rule. */
@Module({
  imports: [UsersModule, PresenceModule, TypeOrmModule.forFeature([ConversationEntity, ConversationMemberEntity])],
  controllers: [ConversationsController],
  providers: [ConversationsRepository, ConversationsService],
  exports: [ConversationsRepository, ConversationsService],
})
export class ConversationsModule {}
