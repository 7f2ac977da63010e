import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC_KEY } from './auth.constants.js';
import { SignInRequiredError } from './auth.errors.js';
import { clientSession } from './auth-session.js';

/**
 * Every route needs a signed-in user unless marked `@Public()`. A signed-out browser is sent to sign in and
 * brought back (the error filter turns `SignInRequiredError` into that redirect), never answered with a JSON 401.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (clientSession(req).user) return true;
    // Only a GET can be replayed after sign-in; a form post lands on the default page instead.
    throw new SignInRequiredError(req.method === 'GET' ? req.originalUrl : undefined);
  }
}
