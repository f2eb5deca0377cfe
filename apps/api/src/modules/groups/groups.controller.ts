import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Conversation } from '@pneumatic/contracts';
import { ApiProblems } from '../../core/http/api-problems';
import { AuthUser, CurrentUser } from '../../core/http/current-user.decorator';
import { ParseUuidPipe } from '../../core/validation/uuid';
import { ConversationDto } from '../conversations/dto/conversation.dto';
import { AddMembersDto } from './dto/add-members.dto';
import { SetRoleDto } from './dto/set-role.dto';
import { UpdateConversationDto } from './dto/update-conversation.dto';
import { GroupsService } from './groups.service';

const EVERY_CHANGE =
  'Appends a system message (`kind` "system") that every member gets as `message:new`; every member then gets `conversation:updated`.';

@ApiTags('conversations')
@ApiBearerAuth('bearer')
@Controller('conversations')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Post(':id/members')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Add members to a group (admins)',
    description:
      `Those already in are ignored (nobody new: nothing changes). Unknown users, more than 256 members, or a 1-on-1 are 400; a member who is not an admin 403. ${EVERY_CHANGE} ` +
      'Added members get `conversation:new`, then every message; they start with the history before them read.',
  })
  @ApiOkResponse({ type: ConversationDto, description: "The caller's view afterwards" })
  @ApiProblems(400, 401, 403, 404, 429)
  add(
    @CurrentUser() caller: AuthUser,
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Body() body: AddMembersDto,
  ): Promise<Conversation> {
    return this.groups.addMembers(caller.id, id, body.user_ids);
  }

  @Delete(':id/members/:user_id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Remove a member (admins), or leave (anyone, naming themself)',
    description:
      `When the last admin leaves, the longest-standing member becomes an admin. A 1-on-1 is 400; someone not in the group 404. ${EVERY_CHANGE} ` +
      'Every device of the removed member gets `conversation:removed`, then nothing more of the conversation, and 403 on its routes.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 401, 403, 404, 429)
  async remove(
    @CurrentUser() caller: AuthUser,
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('user_id', new ParseUuidPipe('user_id')) userId: string,
  ): Promise<void> {
    await this.groups.removeMember(caller.id, id, userId);
  }

  @Put(':id/members/:user_id')
  @ApiOperation({
    summary: "Change a member's role (admins)",
    description: `The same role changes nothing. The last admin cannot demote themself (409). A 1-on-1 is 400; someone not in the group 404. ${EVERY_CHANGE}`,
  })
  @ApiOkResponse({ type: ConversationDto, description: "The caller's view afterwards" })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  setRole(
    @CurrentUser() caller: AuthUser,
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('user_id', new ParseUuidPipe('user_id')) userId: string,
    @Body() body: SetRoleDto,
  ): Promise<Conversation> {
    return this.groups.setRole(caller.id, id, userId, body.role);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Rename a group (admins)',
    description: `The same title changes nothing; null or blank clears it. A 1-on-1 is 400. ${EVERY_CHANGE}`,
  })
  @ApiOkResponse({ type: ConversationDto, description: "The caller's view afterwards" })
  @ApiProblems(400, 401, 403, 404, 429)
  rename(
    @CurrentUser() caller: AuthUser,
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Body() body: UpdateConversationDto,
  ): Promise<Conversation> {
    return this.groups.rename(caller.id, id, body.title);
  }
}
