import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError } from './api-error.js';

const CODES_BY_STATUS: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'invalid_request',
  413: 'invalid_request',
  415: 'invalid_request',
  429: 'too_many_requests',
};

/** JSON everywhere except the pages people open in a browser (pre-built UI, console, outbox). */
export function isJsonPath(path: string): boolean {
  return path.startsWith('/v1/') || path === '/v1' || path.endsWith('.json') || path === '/prebuilt/qr-code';
}

function toApiError(exception: unknown): ApiError | undefined {
  if (exception instanceof ApiError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status >= 500) return undefined;
    return new ApiError(status, CODES_BY_STATUS[status] ?? 'invalid_request', exception.message);
  }
  return undefined;
}

/**
 * The single place that decides the wire format of errors: Authsignal's `{ error, errorCode, errorDescription }`
 * for the API, a friendly page for the browser pages. Anything unexpected is logged with a correlation id and
 * answered as a generic error, without internals.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AuthsignalEmulator');

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    let error = toApiError(exception);
    if (!error) {
      const correlationId = randomUUID();
      this.logger.error(`Unexpected error ${correlationId} on ${request.method} ${request.path}`, (exception as Error)?.stack);
      error = new ApiError(500, 'unexpected_error', `Unexpected emulator error (correlation id ${correlationId}).`);
    }
    if (response.headersSent) return;
    if (isJsonPath(request.path)) {
      response.status(error.status).json(error.toBody());
      return;
    }
    response.status(error.status).render('error', { title: 'Something went wrong', message: error.description }, (renderError, html) => {
      if (renderError) response.type('text/plain').send(error.description);
      else response.send(html);
    });
  }
}
