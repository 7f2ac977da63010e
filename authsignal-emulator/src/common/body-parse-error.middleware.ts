import type { NextFunction, Request, Response } from 'express';
import { Errors } from './api-error.js';

/**
 * Express error middleware placed right after the JSON body parser: malformed JSON, a JSON `null` or a body
 * too large is Authsignal's 400 `invalid_request`, never Express's HTML error page.
 */
export function bodyParseErrorHandler(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const type = (error as { type?: string } | undefined)?.type;
  if (type === 'entity.parse.failed') {
    response.status(400).json(Errors.invalidRequest('The request body is not valid JSON.').toBody());
    return;
  }
  if (type === 'entity.too.large') {
    response.status(413).json(Errors.invalidRequest('The request body is too large.').toBody());
    return;
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    response.status(415).json(Errors.invalidRequest('The request body encoding is not supported.').toBody());
    return;
  }
  next(error);
}
