import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { ReactionsController } from './reactions.controller';
import { ReactionsService } from './reactions.service';

/** Reactions to messages (SPEC 10.3), each a change on the conversation's feed. */
@Module({
  imports: [MessagesModule],
  controllers: [ReactionsController],
  providers: [ReactionsService],
  exports: [ReactionsService],
})
export class ReactionsModule {}
