import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Account } from '@pneumatic/contracts';
import { ApiProblems } from '../../core/http/api-problems';
import { AuthUser, CurrentUser } from '../../core/http/current-user.decorator';
import { AuthRateLimit } from '../rate-limit/rate-limit.decorators';
import { AccountDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { AccountService } from './account.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';

/** The signed-in user's own account: who they are, their name, their password. */
@ApiTags('auth')
@ApiBearerAuth('bearer')
@Controller('auth')
export class AccountController {
  constructor(
    private readonly users: UsersService,
    private readonly account: AccountService,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'The caller, and whether they are an administrator' })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems(401, 429)
  me(@CurrentUser() caller: AuthUser): Promise<Account> {
    return this.users.account(caller.id);
  }

  @Patch('me')
  @ApiOperation({
    summary: "Change the caller's display name",
    description: "Everyone who shares a conversation with the caller (and the caller's other devices) gets `user:updated`.",
  })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems(400, 401, 413, 415, 429)
  updateMe(@CurrentUser() caller: AuthUser, @Body() body: UpdateProfileDto): Promise<Account> {
    return this.users.updateProfile(caller.id, body.full_name);
  }

  @AuthRateLimit()
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: "Change the caller's password",
    description: 'Every other session of the caller ends. A wrong `current_password` is 400 (field `current_password`), never 401.',
  })
  @ApiNoContentResponse({ description: 'Changed; the other sessions have ended' })
  @ApiProblems(400, 401, 413, 415, 429)
  async changePassword(@CurrentUser() caller: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.account.changePassword(caller, body.current_password, body.new_password);
  }
}
