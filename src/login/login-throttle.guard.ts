import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { LoginThrottle } from './login-throttle.service.js';

/** Refuses a sign-in attempt before any password work once a limit is reached. */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  constructor(private readonly throttle: LoginThrottle) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const username = (req.body as { username?: unknown } | undefined)?.username;
    await this.throttle.assertAllowed(typeof username === 'string' ? username : '', req.ip ?? 'unknown');
    return true;
  }
}
