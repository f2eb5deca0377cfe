import { Controller, Delete, Get, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SessionsResponse } from '@pneumatic/contracts';
import { ApiProblems } from '../../core/http/api-problems';
import { AuthUser, CurrentUser } from '../../core/http/current-user.decorator';
import { ParseUuidPipe } from '../../core/validation/uuid';
import { SessionsResponseDto } from './dto/session.dto';
import { SessionsService } from './sessions.service';

/** Where the caller is signed in, and signing out any of those places. */
@ApiTags('auth')
@ApiBearerAuth('bearer')
@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's sessions (sign-ins) that have not ended, most recently used first" })
  @ApiOkResponse({ type: SessionsResponseDto })
  @ApiProblems(401, 429)
  async list(@CurrentUser() caller: AuthUser): Promise<SessionsResponse> {
    return { sessions: await this.sessions.list(caller) };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'End one of the caller’s sessions',
    description:
      'Its refresh token stops working, its access tokens are refused on every instance at once, and its sockets are disconnected (after `session:ended`). Ending an ended session again is 204.',
  })
  @ApiNoContentResponse({ description: 'Ended' })
  @ApiProblems(400, 401, 404, 429)
  async end(@CurrentUser() caller: AuthUser, @Param('id', new ParseUuidPipe('id')) id: string): Promise<void> {
    await this.sessions.endOwn(caller, id);
  }
}
