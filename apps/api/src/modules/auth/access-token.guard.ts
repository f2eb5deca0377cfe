import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { isDatabaseUnavailable, UnauthorizedError } from '../../core/errors';
import { IS_OPTIONAL_AUTH, IS_PUBLIC } from '../../core/http/public.decorator';

/** The one global guard: every HTTP route needs a valid access token unless marked `@Public()`. */
@Injectable()
export class AccessTokenGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const optional = this.reflector.getAllAndOverride<boolean>(IS_OPTIONAL_AUTH, [context.getHandler(), context.getClass()]);
    if (optional && context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['authorization'] === undefined)
      return true;
    return super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    // A database that cannot look the user up is an outage (503), not a bad token: a 401 would make clients drop their session.
    if (error instanceof UnauthorizedError || isDatabaseUnavailable(error)) throw error;
    if (error || !user) throw new UnauthorizedError();
    return user;
  }
}
