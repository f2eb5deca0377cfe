import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { UsersResponse } from '@pneumatic/contracts';
import { ApiProblems } from '../../core/http/api-problems';
import { AuthUser, CurrentUser } from '../../core/http/current-user.decorator';
import { ListUsersQuery } from './dto/list-users.query';
import { UsersResponseDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth('bearer')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Other users, ordered by username; `q` filters by a prefix of the username or full name' })
  @ApiOkResponse({ type: UsersResponseDto })
  @ApiProblems(400, 401, 429)
  async list(@CurrentUser() caller: AuthUser, @Query() query: ListUsersQuery): Promise<UsersResponse> {
    return { users: await this.users.list(caller.id, query) };
  }
}
