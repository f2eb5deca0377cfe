import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Conversation, ConversationsResponse } from '@pneumatic/contracts';
import type { Response } from 'express';
import { ApiProblems } from '../../core/http/api-problems';
import { AuthUser, CurrentUser } from '../../core/http/current-user.decorator';
import { ParseUuidPipe } from '../../core/validation/uuid';
import { ConversationsService } from './conversations.service';
import { ConversationDto, ConversationsResponseDto } from './dto/conversation.dto';
import { CreateConversationDto } from './dto/create-conversation.dto';
import { ReadDto } from './dto/read.dto';
import { ConversationSettingsDto } from './dto/settings.dto';

@ApiTags('conversations')
@ApiBearerAuth('bearer')
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's conversations, most recent activity first" })
  @ApiOkResponse({ type: ConversationsResponseDto })
  @ApiProblems(401, 429)
  async list(@CurrentUser() caller: AuthUser): Promise<ConversationsResponse> {
    return { conversations: await this.conversations.list(caller.id) };
  }

  @Post()
  @ApiOperation({
    summary: 'Open the 1-on-1 with someone (200 when it exists, 201 when new) or create a group (201)',
    description: 'The caller is always a member. Two members in all and no `is_group` make a 1-on-1; there is one per pair.',
  })
  @ApiOkResponse({ type: ConversationDto, description: 'The existing 1-on-1 of this pair' })
  @ApiCreatedResponse({ type: ConversationDto })
  @ApiProblems(400, 401, 429)
  async create(
    @CurrentUser() caller: AuthUser,
    @Body() body: CreateConversationDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Conversation> {
    const { conversation, created } = await this.conversations.create(caller.id, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return conversation;
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Move the caller's read marker forward to `seq`",
    description: 'Never moves back, never past the newest message. Every device of every member gets a `read` event when it moves.',
  })
  @ApiOkResponse({ type: ConversationDto, description: "The caller's view afterwards (last_read_seq, unread_count)" })
  @ApiProblems(400, 401, 403, 404, 429)
  read(@CurrentUser() caller: AuthUser, @Param('id', new ParseUuidPipe('id')) id: string, @Body() body: ReadDto): Promise<Conversation> {
    return this.conversations.markRead(caller.id, id, body.seq);
  }

  @Put(':id/settings')
  @ApiOperation({
    summary: "The caller's own settings of a conversation: `muted`",
    description: 'A muted conversation still counts unread messages; the web app does not notify for it. Only the caller’s view changes.',
  })
  @ApiOkResponse({ type: ConversationDto, description: "The caller's view afterwards" })
  @ApiProblems(400, 401, 403, 404, 413, 415, 429)
  settings(
    @CurrentUser() caller: AuthUser,
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Body() body: ConversationSettingsDto,
  ): Promise<Conversation> {
    return this.conversations.updateSettings(caller.id, id, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One conversation of the caller' })
  @ApiOkResponse({ type: ConversationDto })
  @ApiProblems(400, 401, 403, 404, 429)
  get(@CurrentUser() caller: AuthUser, @Param('id', new ParseUuidPipe('id')) id: string): Promise<Conversation> {
    return this.conversations.get(caller.id, id);
  }
}
