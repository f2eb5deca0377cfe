import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { User, UsersResponse } from '@pneumatic/contracts';
import { ApiProblems } from '../../core/http/api-problems';
import { AuthUser, CurrentUser } from '../../core/http/current-user.decorator';
import { ParseUuidPipe } from '../../core/validation/uuid';
import { UserDto, UsersResponseDto } from '../users/dto/user.dto';
import { AdminService } from './admin.service';
import { AdminUsersQueryDto } from './dto/admin-users.query';

/** Routes for administrators (ADMIN_USERNAMES); anyone else gets 403. */
@ApiTags('admin')
@ApiBearerAuth('bearer')
@Controller('admin/users')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get()
  @ApiOperation({ summary: 'Every user, deactivated ones and the caller included, ordered by username; `q` filters by a prefix' })
  @ApiOkResponse({ type: UsersResponseDto })
  @ApiProblems(400, 401, 403, 429)
  async list(@CurrentUser() caller: AuthUser, @Query() query: AdminUsersQueryDto): Promise<UsersResponse> {
    return { users: await this.admin.list(caller, query) };
  }

  @Post(':id/deactivate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Deactivate a user',
    description:
      'They cannot log in (answered like a wrong password), every session of theirs ends at once, and they leave `GET /users`; their messages stay. Deactivating a deactivated user is 200 again. Administrators cannot be deactivated (409).',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  deactivate(@CurrentUser() caller: AuthUser, @Param('id', new ParseUuidPipe('id')) id: string): Promise<User> {
    return this.admin.deactivate(caller, id);
  }

  @Post(':id/reactivate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reactivate a user: they can log in again (their old sessions stay ended)' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 404, 429)
  reactivate(@CurrentUser() caller: AuthUser, @Param('id', new ParseUuidPipe('id')) id: string): Promise<User> {
    return this.admin.reactivate(caller, id);
  }
}
