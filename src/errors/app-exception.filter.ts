import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BRANDING, type Branding } from '../branding/branding.js';
import { BUILT_IN_MESSAGES, type Messages, type PageText } from '../branding/messages.js';
import { causedByDatabaseOutage } from '../database/database.errors.js';
import { InvalidCsrfTokenError } from '../common/web/csrf.js';

/**
 * The last word on any error: a JSON body for API callers (with a stable `error` code, whatever the
 * copy says), a friendly page for browsers. Unknown errors are logged with the request id and
 * answered with a generic 500 that shows only that id.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(AppExceptionFilter.name);
  private readonly messages: Messages;

  constructor(@Optional() @Inject(BRANDING) branding?: Branding) {
    this.messages = branding?.messages ?? BUILT_IN_MESSAGES;
  }

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    const res = host.switchToHttp().getResponse<Response>();
    const { status, code, text } = describe(error, this.messages);
    if (causedByDatabaseOutage(error)) this.logger.error({ event: 'database.unavailable', requestId: req.id, cause: (error as Error).message });
    else if (status >= 500) this.logger.error({ event: 'request.failed', requestId: req.id, err: error });
    if (res.headersSent) return void res.end();

    const requestId = status >= 500 ? req.id : undefined;
    if (wantsJson(req)) {
      res.status(status).json({ error: code, message: text.message, requestId });
      return;
    }
    res.status(status).render('error', { ...text, requestId });
  }
}

function describe(error: unknown, messages: Messages): { status: number; code: string; text: PageText } {
  if (error instanceof InvalidCsrfTokenError) return { status: 403, code: 'form_expired', text: messages.errors.formExpired };
  if (causedByDatabaseOutage(error)) return { status: 503, code: 'service_unavailable', text: messages.errors.serviceUnavailable };
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    if (status === 404) return { status, code: 'not_found', text: messages.errors.notFound };
    return { status, code: 'bad_request', text: messages.errors.badRequest };
  }
  return { status: 500, code: 'something_went_wrong', text: messages.errors.unexpected };
}

/** Browsers ask for HTML; API clients and tools ask for JSON or anything. */
function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json' || !req.headers.accept?.includes('text/html');
}
