import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Application } from 'express';
import { format, type Messages } from './branding/messages.js';
import { HttpMetrics } from './common/metrics/http-metrics.js';
import { FrontDoor, prefersHtml } from './common/web/front-door.js';
import { type EdgeRequest, type InputRefusal, requestInput } from './common/web/request-input.js';
import { completionLogger } from './common/web/request-logging.js';
import { isSameOriginRequest } from './common/web/same-origin.js';
import type { SecurityHeaderLists } from './common/web/security-headers.js';
import type { AppConfig } from './config/app-config.js';
import { OIDC_PROVIDER_ENDPOINTS } from './oidc/oidc.constants.js';
import type { ProviderEndpoints } from './oidc/provider-endpoints.js';
import { ProviderHolder } from './oidc/provider-holder.js';
import { PublishedDocuments } from './oidc/published-documents.js';

/** oidc-provider's own limit on the bodies it reads. */
export const PROVIDER_BODY_LIMIT_BYTES = 56 * 1024;

type PageRenderer = (view: string, locals: Record<string, unknown>, done: (error: Error | null, html?: string) => void) => void;
/** The provider draws its pages (errors, sign-out) with `res.render`, as on an Express response (see `renderProviderPage`). */
type ProviderResponse = ServerResponse & { render?: PageRenderer };

export interface ProviderFrontDoorOptions {
  config: AppConfig;
  headers: SecurityHeaderLists;
  messages: Messages;
}

/**
 * Puts a front door before the app's Express stack on its HTTP server: the provider's paths (from its
 * discovery document) go straight to the provider, with the security headers, a request id, a
 * completion log line, and the edge's input checks, which apply to the provider's requests as to
 * ours (STYLE.md rule 17); the discovery documents and JWKS are answered from the bytes the provider
 * sent for them (`PublishedDocuments`); everything else goes to Express and Nest. The returned front door takes
 * completion observers (request metrics) for the requests it answers.
 */
export function mountProviderFrontDoor(app: NestExpressApplication, options: ProviderFrontDoorOptions): FrontDoor {
  const { config, messages } = options;
  const endpoints = app.get<ProviderEndpoints>(OIDC_PROVIDER_ENDPOINTS);
  const express = app.getHttpAdapter().getInstance() as Application;
  const render: PageRenderer = (view, locals, done) => express.render(view, locals, done);
  const page = (res: ServerResponse, status: number, locals: Record<string, unknown>) =>
    render('error', locals, (error, html) => {
      if (error) return answer(res, 500, 'text/plain; charset=utf-8', 'The request could not be answered.');
      answer(res, status, 'text/html; charset=utf-8', html ?? '');
    });
  const refuse = (req: EdgeRequest, res: ServerResponse, refusal: InputRefusal) => {
    if (prefersHtml(req.headers.accept)) return page(res, refusal.status, { title: messages.errors.refusedInput.title, message: format(messages.errors.refusedInput.message, { reason: refusal.reason }) });
    json(res, refusal.status, { error: 'invalid_request', error_description: `The request was refused: ${refusal.reason}.` });
  };
  // The provider's bodies are checked here and handed to it as text, which it parses with its own
  // parser. It notes that once per process ("already parsed request body detected"): expected here.
  const checkInput = requestInput<EdgeRequest, ServerResponse>({ bodyPolicy: () => ({ mode: 'raw', maxBytes: PROVIDER_BODY_LIMIT_BYTES }), refuse });
  // The holder's callback serves each request with the current provider (a new one after a key change).
  const holder = app.get(ProviderHolder);
  const { callback } = holder;
  const documents = new PublishedDocuments(holder);
  const httpMetrics = app.get(HttpMetrics);
  const ownOrigin = new URL(config.issuer).origin;
  const confirmPath = endpoints.endSessionConfirmPath.toLowerCase();

  const frontDoor = new FrontDoor({
    route: (path) => endpoints.routeOf(path),
    fallback: express,
    headers: options.headers,
    secureCookies: config.http.secureCookies,
    logger: completionLogger(config.logLevel, 'identity-server'),
    handle: (req: IncomingMessage, res: ProviderResponse) => {
      res.render = render;
      checkInput(req, res, (error) => {
        // The body could not be read: the client went away mid-request, or sent a broken chunked body.
        if (error) return json(res, 400, { error: 'invalid_request', error_description: 'The request body could not be read.' });
        // The sign-out confirmation is posted by the provider's own page; a post from another site is refused, like ours.
        if (req.method === 'POST' && isPath(req.url, confirmPath) && !isSameOriginRequest(req.headers, ownOrigin)) return page(res, 403, messages.errors.formExpired);
        const document = documents.answer(req, res);
        if (document !== null) return httpMetrics.nameRoute(req, `oidc:${document}`);
        void callback(req, res);
      });
    },
  });
  const server = app.getHttpServer() as Server;
  if (!server.listeners('request').includes(express)) throw new Error('The HTTP server does not hand its requests to the Express app: the front door cannot be put before it');
  server.removeListener('request', express);
  server.on('request', frontDoor.listener);
  return frontDoor;
}

/** Whether a request target is `path` (lower case), with or without a trailing slash, as the provider's router matches it. */
function isPath(url: string | undefined, path: string): boolean {
  const target = (url ?? '/').split('?')[0].toLowerCase();
  return target === path || target === `${path}/`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  answer(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function answer(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent) return void res.end();
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}
