import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InvalidCsrfTokenError } from '../../../src/common/web/csrf.js';
import { SignInRequiredError } from '../auth/auth.errors.js';
import { PasskeyServiceUnavailableError, ReauthenticationRequiredError } from './passkeys.errors.js';

/** The JSON body of every error of the passkey page's API: a stable code for the script, a sentence for people. */
export interface PasskeysApiError {
  error: string;
  message: string;
  /** Present on 5xx, to quote when reporting the problem. */
  requestId?: string;
}

interface Described {
  status: number;
  body: Omit<PasskeysApiError, 'requestId'>;
  logLevel: 'log' | 'warn' | 'error';
}

/**
 * For the JSON endpoints the passkey page's script calls: the same domain errors as the pages, answered as JSON
 * (never a redirect to sign in, never an HTML error page a `fetch` cannot read).
 */
@Catch()
export class PasskeysApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(PasskeysApiErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body, logLevel } = describe(exception);
    this.logger[logLevel]({ err: exception, status }, body.error);
    if (res.headersSent) return;
    res.status(status).json(status >= 500 ? { ...body, requestId: String(req.id) } : body);
  }
}

function describe(exception: unknown): Described {
  if (exception instanceof SignInRequiredError) {
    return { status: HttpStatus.UNAUTHORIZED, body: { error: 'sign_in_required', message: 'You are signed out. Sign in again.' }, logLevel: 'log' };
  }
  if (exception instanceof ReauthenticationRequiredError) {
    return {
      status: HttpStatus.FORBIDDEN,
      body: { error: 'reauthentication_required', message: 'Adding a passkey needs a recent sign-in. Sign in again to continue.' },
      logLevel: 'log',
    };
  }
  if (exception instanceof InvalidCsrfTokenError) {
    return { status: HttpStatus.FORBIDDEN, body: { error: 'invalid_csrf_token', message: exception.message }, logLevel: 'warn' };
  }
  if (exception instanceof PasskeyServiceUnavailableError) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      body: { error: 'service_unavailable', message: 'The passkey service cannot be reached right now. Please try again in a moment.' },
      logLevel: exception.failure === 'rejected' || exception.failure === 'unexpected' ? 'error' : 'warn',
    };
  }
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    return { status: exception.getStatus(), body: { error: 'bad_request', message: 'The request could not be accepted.' }, logLevel: 'log' };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { error: 'internal_error', message: 'Something went wrong. Please try again.' },
    logLevel: 'error',
  };
}
