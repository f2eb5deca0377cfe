import { Controller, Delete, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Message } from '@pneumatic/contracts';
import { ApiProblems } from '../../core/http/api-problems';
import { AuthUser, CurrentUser } from '../../core/http/current-user.decorator';
import { ParseUuidPipe } from '../../core/validation/uuid';
import { MessageDto } from '../messages/dto/message.dto';
import { ParseEmojiPipe } from './dto/reaction.dto';
import { ReactionsService } from './reactions.service';

const EMOJI_PARAM = {
  name: 'emoji',
  description: 'One Unicode emoji, percent-encoded (👍 is %F0%9F%91%8D); ZWJ sequences, flags and skin tones count as one',
  example: '%F0%9F%91%8D',
};

@ApiTags('messages')
@ApiBearerAuth('bearer')
@Controller('messages/:id/reactions/:emoji')
export class ReactionsController {
  constructor(private readonly reactions: ReactionsService) {}

  @Put()
  @ApiOperation({
    summary: 'React to a message with an emoji',
    description:
      'Idempotent. At most 20 different emoji on a message (409 beyond), none on a deleted one (409). ' +
      'A change on the feed: every member’s devices get `message:updated`.',
  })
  @ApiParam(EMOJI_PARAM)
  @ApiOkResponse({ type: MessageDto, description: 'The message as it is now' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  add(@CurrentUser() caller: AuthUser, @Param('id', new ParseUuidPipe('id')) id: string, @Param('emoji', ParseEmojiPipe) emoji: string): Promise<Message> {
    return this.reactions.add(caller.id, id, emoji);
  }

  @Delete()
  @ApiOperation({ summary: 'Take your reaction away', description: 'Idempotent: taking away a reaction that is not there changes nothing.' })
  @ApiParam(EMOJI_PARAM)
  @ApiOkResponse({ type: MessageDto, description: 'The message as it is now' })
  @ApiProblems(400, 401, 403, 404, 429)
  remove(
    @CurrentUser() caller: AuthUser,
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('emoji', ParseEmojiPipe) emoji: string,
  ): Promise<Message> {
    return this.reactions.remove(caller.id, id, emoji);
  }
}
