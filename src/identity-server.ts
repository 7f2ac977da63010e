import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { BRANDING, type Branding } from './branding/branding.js';
import { format, type Messages } from './branding/messages.js';
import { IdentityServerModule, type IdentityServerOptions } from './identity-server.module.js';
import { serveAuthsignalBrowserSdk } from './common/web/authsignal-browser-sdk.js';
import { cookiePolicy } from './common/web/cookie-policy.js';
import { projectPath } from './common/web/project-paths.js';
import { HttpMetrics } from './common/metrics/http-metrics.js';
import { requestLogger } from './common/web/request-logging.js';
import { type InputRefusal, requestInput } from './common/web/request-input.js';
import type { FrontDoor } from './common/web/front-door.js';
import { noStore, securityHeaderLists, securityHeaders, type SecurityHeadersOptions } from './common/web/security-headers.js';
import type { AppConfig } from './config/app-config.js';
import { mountProviderFrontDoor } from './provider-front-door.js';

/** Our forms are a few short fields. */
const FORM_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Builds the identity server, configured but not yet listening, with the team's choices for its ports
 * (`overrides`). Used by `main.ts`, `npm start`, the examples and the tests alike.
 */
export async function createIdentityServer(config: AppConfig, overrides: IdentityServerOptions = {}): Promise<NestExpressApplication> {
  // No body parser of Nest's: bodies are read once, at the edge, by `requestInput`.
  const app = await NestFactory.create<NestExpressApplication>(IdentityServerModule.forRoot(config, overrides), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  for (const notice of config.notices) new NestLogger('Configuration').warn(notice);
  app.enableShutdownHooks();
  configureIdentityServer(app, config);
  return app;
}

/**
 * The request pipeline. The provider's own paths are answered by a front door on the HTTP server
 * (`mountProviderFrontDoor`): security headers, a request id, the edge's input checks, the provider.
 * Everything else goes to Express, in order: request metrics and the request log, security headers and the cookie policy
 * wrap every response; the edge checks every request's input, once; then Nest's routes and the static
 * files. (Views are set up by the kernel's `PageViews` once every step has registered its own.)
 * Split from `createIdentityServer` so the controller specs can apply it to an app compiled with
 * `Test.createTestingModule(...).overrideProvider(...)`. The app must be created with `bodyParser: false`.
 * Returns the front door, which takes completion observers for the requests it answers.
 */
export function configureIdentityServer(app: NestExpressApplication, config: AppConfig): FrontDoor {
  const branding = app.get<Branding>(BRANDING);
  const headers: SecurityHeadersOptions = {
    // After the password the browser goes straight to Authsignal's pre-built UI (a redirect of the login form).
    formActionOrigins: [...clientOrigins(config), ...config.authsignal.prebuiltUiOrigins],
    // The login page's passkey script talks to Authsignal's client API.
    connectOrigins: [new URL(config.authsignal.apiUrl).origin],
    hsts: config.http.secureCookies,
  };
  app.set('trust proxy', config.http.trustProxy ? 1 : false);
  app.disable('x-powered-by');
  app.use(app.get(HttpMetrics).middleware());
  app.use(requestLogger(config.logLevel, 'identity-server'));
  app.use(securityHeaders(headers));
  app.use(cookiePolicy({ secure: config.http.secureCookies }));
  app.use(
    requestInput({
      bodyPolicy: () => ({ mode: 'parse', maxBytes: FORM_BODY_LIMIT_BYTES, shape: { maxDepth: 1, flat: true } }),
      refuse: (req: Request, res: Response, refusal: InputRefusal) => refuseInput(req, res, refusal, branding.messages),
    }),
  );
  app.use('/interaction', noStore);
  app.use(cookieParser());
  // A branding folder's assets come first: a file there replaces ours of the same path.
  for (const dir of [branding.assetsDir, projectPath('public')]) if (dir) app.use(filesOnly(express.static(dir, { index: false, maxAge: '1h' })));
  serveAuthsignalBrowserSdk(app);
  const frontDoor = mountProviderFrontDoor(app, { config, headers: securityHeaderLists(headers), messages: branding.messages });
  // The provider's requests skip Express, and its metrics middleware with it: the front door reports them.
  const httpMetrics = app.get(HttpMetrics);
  frontDoor.observe(({ req, method, status, durationMs }) => httpMetrics.observeRequest({ route: httpMetrics.routeOf(req, status), method, status, seconds: durationMs / 1000 }));
  return frontDoor;
}

/**
 * Static files are looked up for paths that name a file (`/css/site.css`, `/favicon.svg`): our pages'
 * routes (`/interaction/…`) have no extension, and skip a disk lookup that would always miss.
 */
function filesOnly(serve: RequestHandler): RequestHandler {
  return (req, res, next) => (FILE_PATH.test(req.path) ? serve(req, res, next) : next());
}
const FILE_PATH = /\.[A-Za-z0-9]+$/;

/** Sign-in forms end in a redirect to the client, and Chrome applies form-action to that redirect. */
function clientOrigins(config: AppConfig): string[] {
  const uris = config.oidc.clients.flatMap((client) => [...client.redirect_uris, ...client.post_logout_redirect_uris]);
  return [...new Set(uris.map((uri) => new URL(uri).origin))];
}

/** Input refused at the edge: the body `AppExceptionFilter` gives for API callers, our error page for browsers. */
function refuseInput(req: Request, res: Response, refusal: InputRefusal, messages: Messages): void {
  if (!req.accepts('html') || req.accepts(['json', 'html']) === 'json') {
    res.status(refusal.status).json({ error: 'bad_request', message: `The request was refused: ${refusal.reason}.` });
    return;
  }
  res.status(refusal.status).render('error', { title: messages.errors.refusedInput.title, message: format(messages.errors.refusedInput.message, { reason: refusal.reason }) });
}
