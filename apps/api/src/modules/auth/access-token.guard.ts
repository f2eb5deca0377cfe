import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isDatabaseUnavailable, UnauthorizedError } from '../../core/errors';
import { bearerToken } from '../../core/http/bearer-token';
import type { AuthUser } from '../../core/http/current-user.decorator';
import { IS_OPTIONAL_AUTH, IS_PUBLIC } from '../../core/http/public.decorator';
import { AuthService } from './auth.service';
import { TokenService } from './token.service';

/**
 * The one global guard: every HTTP route needs a valid access token (from the Authorization header only, never the
 * query string) unless marked `@Public()`. It checks the token as every transport does (TokenService, then the
 * session and the user through AuthService), without passport, whose strategy verified each token once more.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; user?: AuthUser }>();
    const header = request.headers['authorization'];
    if (header === undefined && this.reflector.getAllAndOverride<boolean>(IS_OPTIONAL_AUTH, targets)) return true;
    const token = bearerToken(header);
    if (!token) throw new UnauthorizedError();
    request.user = await this.authenticate(token);
    return true;
  }

  private async authenticate(token: string): Promise<AuthUser> {
    try {
      return await this.auth.userForAccessClaims(await this.tokens.verifyAccess(token), true);
    } catch (error) {
      // A database that cannot look the user up is an outage (503), not a bad token: a 401 would make clients drop their session.
      if (error instanceof UnauthorizedError || isDatabaseUnavailable(error)) throw error;
      throw new UnauthorizedError();
    }
  }
}
