import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SignInRequiredError } from '../auth/auth.errors.js';
import { errorPageFor } from './error-pages.js';

/**
 * The one place that decides how an error reaches the browser: a redirect to sign in, or a friendly page with
 * the request id as a reference, and a log line carrying the same id. Never a stack trace, never JSON.
 */
@Catch()
export class ErrorPageFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorPageFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequiredError) {
      res.redirect(exception.returnTo ? `/login?returnTo=${encodeURIComponent(exception.returnTo)}` : '/login');
      return;
    }

    const page = errorPageFor(exception, retryHref(req));
    this.logger[page.logLevel === 'info' ? 'log' : page.logLevel]({ err: exception, status: page.status }, page.title);
    if (res.headersSent) return;
    res.status(page.status).render('error', { title: page.title, page, requestId: req.id });
  }
}

/** Asking again for the same page makes sense for a GET; a callback or a form post cannot be replayed. */
function retryHref(req: Request): string {
  if (req.path === '/callback') return '/login';
  return req.method === 'GET' && req.originalUrl.startsWith('/') && !req.originalUrl.startsWith('//') ? req.originalUrl : '/';
}
