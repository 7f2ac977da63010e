import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { clientSession, type SignedInUser } from './auth-session.js';

/** The signed-in user: always set on routes the `AuthGuard` protects, possibly undefined on `@Public()` ones. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SignedInUser | undefined => clientSession(context.switchToHttp().getRequest<Request>()).user,
);
