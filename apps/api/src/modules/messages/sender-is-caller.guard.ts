import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ForbiddenError } from '../../core/errors';
import type { AuthUser } from '../../core/http/current-user.decorator';

/**
 * `POST /messages` may carry the original clients' `sender_id`: one that is not the caller is 403
 * "sender_id must match authenticated user" whatever its JSON type, before the body's shape is validated
 * (SPEC section 2). An accepted one (the caller's id in any case, or null) is replaced by the caller's id,
 * so validation and the service see it as the caller.
 */
@Injectable()
export class SenderIsCallerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const body: unknown = request.body;
    const caller = request.user;
    if (!caller || typeof body !== 'object' || body === null || Array.isArray(body) || !Object.hasOwn(body, 'sender_id')) return true;
    const fields = body as Record<string, unknown>;
    const senderId = fields['sender_id'];
    if (senderId === null) {
      delete fields['sender_id'];
      return true;
    }
    if (typeof senderId !== 'string' || senderId.toLowerCase() !== caller.id.toLowerCase()) {
      throw new ForbiddenError('sender_id must match authenticated user');
    }
    fields['sender_id'] = caller.id;
    return true;
  }
}
