import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Who is calling: set by the access-token guard on every authenticated request. */
export interface AuthUser {
  readonly id: string;
  readonly username: string;
  /** The session (sign-in) the access token belongs to: its `sid`. */
  readonly sessionId: string;
}

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  const request = context.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!request.user) throw new Error('CurrentUser used on a route without authentication');
  return request.user;
});

/** The caller on a route with `@OptionalAuth()`: null when the request carried no token. */
export const OptionalUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser | null => {
  return context.switchToHttp().getRequest<{ user?: AuthUser }>().user ?? null;
});
