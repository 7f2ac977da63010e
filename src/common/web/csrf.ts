import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request, Response } from 'express';
import { isSameOriginRequest } from './same-origin.js';

export interface CsrfOptions {
  secret: string;
  /** Distinct per app: cookies on `localhost` are shared by every port. */
  cookieName: string;
  secureCookies: boolean;
  /** What the token is bound to: the interaction uid on the identity server, the session id in the client app. */
  sessionIdentifier: (req: Request) => string;
  /** The app's public origin (`https://auth.example.com`): a post the browser says came from elsewhere is refused. */
  ownOrigin: string;
}

/** The hidden form field that carries the token on every form we render. */
export const CSRF_FIELD = '_csrf';

/** Thrown when a form post lacks a valid token; each app's exception filter renders it as a page. */
export class InvalidCsrfTokenError extends Error {
  constructor() {
    super('The form could not be verified. It may have expired or come from another site.');
  }
}

/**
 * Double-submit CSRF tokens (an HMAC of the bound identifier, echoed by a cookie), and behind them the
 * browser's own word on where the post came from (`isSameOriginRequest`).
 */
export class CsrfService {
  private readonly csrf: DoubleCsrfUtilities;
  private readonly ownOrigin: string;

  constructor(options: CsrfOptions) {
    this.ownOrigin = options.ownOrigin;
    this.csrf = doubleCsrf({
      getSecret: () => options.secret,
      getSessionIdentifier: options.sessionIdentifier,
      cookieName: options.secureCookies ? `__Host-${options.cookieName}` : options.cookieName,
      cookieOptions: { sameSite: 'lax', path: '/', secure: options.secureCookies, httpOnly: true },
      getCsrfTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] as string,
    });
  }

  issue(req: Request, res: Response): string {
    return this.csrf.generateCsrfToken(req, res, { overwrite: false, validateOnReuse: false });
  }

  isValid(req: Request): boolean {
    return isSameOriginRequest(req.headers, this.ownOrigin) && this.csrf.validateRequest(req);
  }
}

/** Put on every form-post handler (and JSON post from our pages' scripts). */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly csrf: CsrfService) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.csrf.isValid(context.switchToHttp().getRequest<Request>())) throw new InvalidCsrfTokenError();
    return true;
  }
}
