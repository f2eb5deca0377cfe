import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessageSearchRepository } from './message-search.repository';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

/** Owns message search (SPEC 10.5): the query language, snippets and highlights; the index itself is kept by triggers. */
@Module({
  imports: [ConversationsModule],
  controllers: [SearchController],
  providers: [MessageSearchRepository, SearchService],
})
export class SearchModule {}
