import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { CatchUpService } from './catch-up.service';
import { MessageChangesRepository } from './message-changes.repository';
import { MessageEditsService } from './message-edits.service';
import { MessageFeed } from './message-feed';
import { MessageEntity, MessageRevisionEntity } from './message.entity';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';

/** Owns messages: the one send path every transport uses, history, the change feed, edits and deletions, catch-up. */
@Module({
  imports: [ConversationsModule, AttachmentsModule, TypeOrmModule.forFeature([MessageEntity, MessageRevisionEntity])],
  controllers: [MessagesController],
  providers: [MessagesRepository, MessageChangesRepository, MessageFeed, MessagesService, MessageEditsService, CatchUpService],
  exports: [MessagesService, MessageEditsService, CatchUpService, MessagesRepository, MessageFeed, MessageChangesRepository],
})
export class MessagesModule {}
