import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('AuthsignalEmulatorHttp');

/** One debug line per request: method, path without its query (pre-built UI URLs carry tokens), status, time. */
export function requestLog(request: Request, response: Response, next: NextFunction): void {
  const started = performance.now();
  response.on('finish', () => {
    logger.debug(`${request.method} ${request.path} ${response.statusCode} ${Math.round(performance.now() - started)}ms`);
  });
  next();
}
