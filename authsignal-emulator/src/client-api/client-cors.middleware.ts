import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * CORS for the client API (reference §0.7). Any origin may call it, as the real service allows: it is
 * authenticated by bearer token or public tenant id, never by cookies of ours. The Origin is echoed with
 * credentials allowed so that the SDK's `useCookies` mode (`credentials: "include"`) also passes the check.
 */
@Injectable()
export class ClientCorsMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const origin = request.headers.origin;
    if (origin) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.vary('Origin');
    }
    if (request.method === 'OPTIONS') {
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      response.setHeader('Access-Control-Max-Age', '600');
      response.status(204).end();
      return;
    }
    next();
  }
}
