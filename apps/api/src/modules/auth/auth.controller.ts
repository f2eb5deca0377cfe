import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TokenResponse, User } from '@pneumatic/contracts';
import type { Request, Response } from 'express';
import { ApiProblems } from '../../core/http/api-problems';
import { Public } from '../../core/http/public.decorator';
import { AuthRateLimit } from '../rate-limit/rate-limit.decorators';
import { UserDto } from '../users/dto/user.dto';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { RefreshDto, TokenResponseDto } from './dto/refresh.dto';
import { SignupDto } from './dto/signup.dto';
import { clearRefreshCookie, refreshTokenFrom, setRefreshCookie } from './refresh-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @AuthRateLimit()
  @Post('signup')
  @ApiOperation({ summary: 'Create an account' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(400, 409, 413, 415, 429)
  signup(@Body() body: SignupDto): Promise<User> {
    return this.auth.signup(body);
  }

  @Public()
  @AuthRateLimit()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a username and password for tokens; also sets the refresh-token cookie',
    description:
      'Starts a session (see `GET /auth/sessions`), named by the `User-Agent` header. A deactivated account answers like a wrong password.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems(400, 401, 429)
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<TokenResponse> {
    const tokens = await this.auth.login(body, userAgentOf(request));
    setRefreshCookie(response, tokens.refresh_token, this.auth.refreshTtlSeconds);
    return tokens;
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Rotate a refresh token (body, else the cookie) for a new pair',
    description: 'The presented token is spent. Presenting a spent token more than 5 s later revokes its whole family.',
  })
  @ApiBody({ type: RefreshDto, required: false })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems(400, 401, 429)
  async refresh(@Body() body: RefreshDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<TokenResponse> {
    try {
      const tokens = await this.auth.refresh(refreshTokenFrom(request, body.refresh_token));
      setRefreshCookie(response, tokens.refresh_token, this.auth.refreshTtlSeconds);
      return tokens;
    } catch (error) {
      clearRefreshCookie(response);
      throw error;
    }
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End the session of the refresh token (body, else the cookie): its tokens stop working everywhere' })
  @ApiBody({ type: RefreshDto, required: false })
  @ApiNoContentResponse({ description: 'Logged out' })
  @ApiProblems(400, 401)
  async logout(@Body() body: RefreshDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    clearRefreshCookie(response);
    await this.auth.logout(refreshTokenFrom(request, body.refresh_token));
  }
}

/** The client's `User-Agent`, made safe to store and show: one line of printable text, or null. */
function userAgentOf(request: Request): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const text = (request.headers['user-agent'] ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return text === '' ? null : text;
}
