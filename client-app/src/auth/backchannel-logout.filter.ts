import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { causedByDatabaseOutage } from '../../../src/database/database.errors.js';
import { IdentityServerUnavailableError } from './auth.errors.js';
import { LogoutTokenRejectedError } from './logout-token.js';

/**
 * Back-Channel Logout 1.0 2.8: any refusal or failure is a 400 with an OAuth error body, which the identity
 * server logs (it never retries, and the user's logout there goes on regardless). Our own failures (its keys
 * or our session store out of reach) are logged as errors here too; a bad token only as a warning.
 */
@Catch()
export class BackchannelLogoutErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('BackchannelLogout');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { description, ours } = describe(exception);
    this.logger[ours ? 'error' : 'warn']({ event: 'backchannel_logout.refused', reason: description, err: ours ? exception : undefined });
    if (res.headersSent) return;
    res.status(HttpStatus.BAD_REQUEST).json({ error: ours ? 'temporarily_unavailable' : 'invalid_request', error_description: description });
  }
}

function describe(exception: unknown): { description: string; ours: boolean } {
  if (exception instanceof LogoutTokenRejectedError) return { description: exception.message, ours: exception.keysUnavailable };
  if (exception instanceof IdentityServerUnavailableError) return { description: 'the identity server could not be reached to verify the logout token', ours: true };
  if (causedByDatabaseOutage(exception)) return { description: 'the sessions could not be ended right now', ours: true };
  if (exception instanceof HttpException && exception.getStatus() < 500) return { description: 'the request must carry one logout_token', ours: false };
  return { description: 'the logout could not be processed', ours: true };
}
