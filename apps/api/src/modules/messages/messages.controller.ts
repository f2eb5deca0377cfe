import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Message, MessagesPage } from '@pneumatic/contracts';
import type { Response } from 'express';
import { ApiProblems } from '../../core/http/api-problems';
import { AuthUser, CurrentUser } from '../../core/http/current-user.decorator';
import { ParseUuidPipe } from '../../core/validation/uuid';
import { HistoryQuery } from './dto/history.query';
import { MessageDto, MessagesPageDto } from './dto/message.dto';
import { SendMessageDto } from './dto/send-message.dto';
import { MessagesService } from './messages.service';
import { SenderIsCallerGuard } from './sender-is-caller.guard';

@ApiTags('messages')
@ApiBearerAuth('bearer')
@Controller()
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

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
    description: 'By default the newest `limit`; `before_seq` pages back, `after_seq` catches up.',
  })
  @ApiOkResponse({ type: MessagesPageDto })
  @ApiProblems(400, 401, 403, 404, 429)
  history(@CurrentUser() caller: AuthUser, @Param('id', new ParseUuidPipe('id')) id: string, @Query() query: HistoryQuery): Promise<MessagesPage> {
    return this.messages.history(caller.id, id, query);
  }
}
