import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { causedByDatabaseOutage } from '../../database/database.errors.js';
import { InvalidCsrfTokenError } from '../web/csrf.js';

/**
 * The last word on any error: a JSON body for API callers, a friendly page for browsers. Unknown
 * errors are logged with the request id and answered with a generic 500 that shows only that id.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(AppExceptionFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    const res = host.switchToHttp().getResponse<Response>();
    const { status, title, message } = describe(error);
    if (causedByDatabaseOutage(error)) this.logger.error({ event: 'database.unavailable', requestId: req.id, cause: (error as Error).message });
    else if (status >= 500) this.logger.error({ event: 'request.failed', requestId: req.id, err: error });
    if (res.headersSent) return void res.end();

    if (wantsJson(req)) {
      res.status(status).json({ error: title.toLowerCase().replace(/\s+/g, '_'), message, requestId: status >= 500 ? req.id : undefined });
      return;
    }
    res.status(status).render('error', { title, message, requestId: status >= 500 ? req.id : undefined });
  }
}

function describe(error: unknown): { status: number; title: string; message: string } {
  if (error instanceof InvalidCsrfTokenError) return { status: 403, title: 'Form expired', message: error.message };
  if (causedByDatabaseOutage(error)) {
    return { status: 503, title: 'Service unavailable', message: 'The service is temporarily unavailable. Please try again in a few minutes.' };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    if (status === 404) return { status, title: 'Not found', message: 'There is nothing at this address.' };
    return { status, title: 'Bad request', message: 'The request could not be accepted. Check what you entered and try again.' };
  }
  return { status: 500, title: 'Something went wrong', message: 'An unexpected error occurred. Please try again in a moment.' };
}

/** Browsers ask for HTML; API clients and tools ask for JSON or anything. */
function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json' || !req.headers.accept?.includes('text/html');
}
