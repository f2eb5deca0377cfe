import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SearchMessagesResponse } from '@pneumatic/contracts';
import { ApiProblems } from '../../core/http/api-problems';
import { AuthUser, CurrentUser } from '../../core/http/current-user.decorator';
import { SearchMessagesQueryDto } from './dto/search-messages.query';
import { SearchMessagesResponseDto } from './dto/search-results.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiBearerAuth('bearer')
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get('messages')
  @ApiOperation({
    summary: 'Search the messages you can read',
    description:
      'Messages of the conversations the caller is a member of now, in their current text (never deleted or system messages), ' +
      'newest first, each with a snippet and the matched words. While `next_cursor` is not null, pass it as `cursor` for more.',
  })
  @ApiOkResponse({ type: SearchMessagesResponseDto })
  @ApiProblems(400, 401, 403, 404, 429)
  messages(@CurrentUser() caller: AuthUser, @Query() query: SearchMessagesQueryDto): Promise<SearchMessagesResponse> {
    return this.search.searchMessages(caller.id, query);
  }
}
