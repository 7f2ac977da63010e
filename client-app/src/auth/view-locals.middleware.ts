import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CSRF_FIELD, CsrfService } from '../../../src/common/web/csrf.js';
import { clientSession } from './auth-session.js';

/**
 * What the layout needs on every page, error pages included: the signed-in user for the header, and a CSRF
 * token for its sign-out form. Middleware rather than an interceptor, so it has run even when a guard refuses.
 */
@Injectable()
export class ViewLocalsMiddleware implements NestMiddleware {
  constructor(private readonly csrf: CsrfService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const user = clientSession(req).user;
    res.locals.currentUser = user;
    if (user) res.locals.csrf = { field: CSRF_FIELD, token: this.csrf.issue(req, res) };
    next();
  }
}
