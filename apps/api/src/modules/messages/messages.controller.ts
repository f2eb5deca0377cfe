import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChangesPage, Message, MessagesPage, RevisionsResponse } from '@pneumatic/contracts';
import type { Response } from 'express';
import { ApiProblems } from '../../core/http/api-problems';
import { AuthUser, CurrentUser } from '../../core/http/current-user.decorator';
import { ParseUuidPipe } from '../../core/validation/uuid';
import { ChangesQueryDto } from './dto/changes.query';
import { EditMessageDto } from './dto/edit-message.dto';
import { HistoryQuery } from './dto/history.query';
import { ChangesPageDto, MessageDto, MessagesPageDto, RevisionsResponseDto } from './dto/message.dto';
import { SendMessageDto } from './dto/send-message.dto';
import { MessageEditsService } from './message-edits.service';
import { MessagesService } from './messages.service';
import { SenderIsCallerGuard } from './sender-is-caller.guard';

@ApiTags('messages')
@ApiBearerAuth('bearer')
@Controller()
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly edits: MessageEditsService,
  ) {}

  @Post('messages')
  @UseGuards(SenderIsCallerGuard)
  @ApiOperation({
    summary: 'Send a message (idempotent per message_id)',
    description: 'Stored once per (sender, message_id): a replay with the same content answers 200 with the stored message.',
  })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiOkResponse({ type: MessageDto, description: 'A replay: the message stored earlier with this key' })
  @ApiProblems(400, 401, 403, 404, 409, 413, 415, 429)
  async send(@CurrentUser() caller: AuthUser, @Body() body: SendMessageDto, @Res({ passthrough: true }) response: Response): Promise<Message> {
    const { message, created } = await this.messages.send(caller.id, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return message;
  }

  @Get('conversations/:id/messages')
  @ApiOperation({
    summary: 'A page of history in ascending seq',
    description: 'By default the newest `limit`; `before_seq` pages back, `after_seq` catches up. Every message in its current state.',
  })
  @ApiOkResponse({ type: MessagesPageDto })
  @ApiProblems(400, 401, 403, 404, 429)
  history(@CurrentUser() caller: AuthUser, @Param('id', new ParseUuidPipe('id')) id: string, @Query() query: HistoryQuery): Promise<MessagesPage> {
    return this.messages.history(caller.id, id, query);
  }

  @Get('conversations/:id/changes')
  @ApiOperation({
    summary: 'The change feed: every message that changed after a change_seq',
    description:
      'Messages (new, edited, deleted…) whose change_seq is above `after_change_seq`, in their current state, oldest change first. ' +
      'While `has_more`, ask again after the last message’s change_seq; then continue from `last_change_seq`.',
  })
  @ApiOkResponse({ type: ChangesPageDto })
  @ApiProblems(400, 401, 403, 404, 429)
  changes(@CurrentUser() caller: AuthUser, @Param('id', new ParseUuidPipe('id')) id: string, @Query() query: ChangesQueryDto): Promise<ChangesPage> {
    return this.messages.changes(caller.id, id, query);
  }

  @Patch('messages/:id')
  @ApiOperation({
    summary: 'Edit your message',
    description:
      'Only the author, not a deleted message (409), within MESSAGE_EDIT_WINDOW (403 EDIT_WINDOW_PASSED). With `expected_change_seq` ' +
      'no longer current: 409 EDIT_CONFLICT. The same text changes nothing. Every member’s devices get `message:updated`.',
  })
  @ApiOkResponse({ type: MessageDto, description: 'The message as it is now' })
  @ApiProblems(400, 401, 403, 404, 409, 413, 415, 429)
  edit(@CurrentUser() caller: AuthUser, @Param('id', new ParseUuidPipe('id')) id: string, @Body() body: EditMessageDto): Promise<Message> {
    return this.edits.edit(caller.id, id, body);
  }

  @Delete('messages/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete your message',
    description: 'It stays in its place as a tombstone (content "", deleted_at set); its text and revisions are gone. Deleting again is 204.',
  })
  @ApiNoContentResponse({ description: 'Deleted (or already deleted)' })
  @ApiProblems(400, 401, 403, 404, 429)
  async delete(@CurrentUser() caller: AuthUser, @Param('id', new ParseUuidPipe('id')) id: string): Promise<void> {
    await this.edits.delete(caller.id, id);
  }

  @Get('messages/:id/revisions')
  @ApiOperation({ summary: 'The texts of a message before each edit, oldest first (the current text is not among them)' })
  @ApiOkResponse({ type: RevisionsResponseDto })
  @ApiProblems(400, 401, 403, 404, 429)
  async revisions(@CurrentUser() caller: AuthUser, @Param('id', new ParseUuidPipe('id')) id: string): Promise<RevisionsResponse> {
    return { revisions: await this.edits.revisions(caller.id, id) };
  }
}
