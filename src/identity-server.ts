import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
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
import { isSameOriginRequest } from './common/web/same-origin.js';
import { noStore, securityHeaders } from './common/web/security-headers.js';
import type { AppConfig } from './config/app-config.js';
import { END_SESSION_CONFIRM_PATH, isProviderPath } from './oidc/oidc.constants.js';
import { ProviderHolder } from './oidc/provider-holder.js';

/** oidc-provider's own limit on the bodies it reads. */
const PROVIDER_BODY_LIMIT_BYTES = 56 * 1024;
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
 * Express-level wiring, in order: request metrics and the request log, security headers and the cookie policy wrap every
 * response; then the edge checks every request's input, once, for the provider's routes and ours; then
 * the provider, before the static files (its hot paths skip a disk lookup that always misses); then
 * Nest's routes. (Views are set up by the kernel's `PageViews` once every step has registered its own.)
 * Split from `createIdentityServer` so the controller specs can apply it to an app compiled with
 * `Test.createTestingModule(...).overrideProvider(...)`. The app must be created with `bodyParser: false`.
 */
export function configureIdentityServer(app: NestExpressApplication, config: AppConfig): void {
  const branding = app.get<Branding>(BRANDING);
  app.set('trust proxy', config.http.trustProxy ? 1 : false);
  app.disable('x-powered-by');
  app.use(app.get(HttpMetrics).middleware());
  app.use(requestLogger(config.logLevel, 'identity-server'));
  app.use(
    securityHeaders({
      formActionOrigins: clientOrigins(config),
      // The login page's passkey script talks to Authsignal's client API.
      connectOrigins: [new URL(config.authsignal.apiUrl).origin],
      hsts: config.http.secureCookies,
    }),
  );
  app.use(cookiePolicy({ secure: config.http.secureCookies }));
  app.use(
    requestInput({
      // The provider's bodies are checked here and handed to it as text, which it parses with its own
      // parser. It notes that once per process ("already parsed request body detected"): expected here.
      bodyPolicy: (req) =>
        isProviderPath(req.path)
          ? { mode: 'raw', maxBytes: PROVIDER_BODY_LIMIT_BYTES }
          : { mode: 'parse', maxBytes: FORM_BODY_LIMIT_BYTES, shape: { maxDepth: 1, flat: true } },
      refuse: (req, res, refusal) => refuseInput(req, res, refusal, branding.messages),
    }),
  );
  app.use(END_SESSION_CONFIRM_PATH, sameOriginPostsOnly(new URL(config.issuer).origin, branding.messages));
  mountProvider(app, app.get(ProviderHolder));
  app.use('/interaction', noStore);
  app.use(cookieParser());
  // A branding folder's assets come first: a file there replaces ours of the same path.
  if (branding.assetsDir) app.useStaticAssets(branding.assetsDir, { index: false, maxAge: '1h' });
  app.useStaticAssets(projectPath('public'), { index: false, maxAge: '1h' });
  serveAuthsignalBrowserSdk(app);
}

/** Sign-in forms end in a redirect to the client, and Chrome applies form-action to that redirect. */
function clientOrigins(config: AppConfig): string[] {
  const uris = config.oidc.clients.flatMap((client) => [...client.redirect_uris, ...client.post_logout_redirect_uris]);
  return [...new Set(uris.map((uri) => new URL(uri).origin))];
}

/**
 * The provider answers its own paths at the root (/auth, /token, /.well-known/…); everything else is Nest's.
 * The holder's callback serves each request with the current provider (a new one after a key change).
 */
function mountProvider(app: NestExpressApplication, providers: ProviderHolder): void {
  const { callback } = providers;
  app.use((req: Request, res: Response, next: NextFunction) => (isProviderPath(req.path) ? callback(req, res) : next()));
}

/**
 * Input refused at the edge: for API callers, OAuth's error body on the provider's routes and the body
 * `AppExceptionFilter` gives on ours; for browsers, our error page.
 */
function refuseInput(req: Request, res: Response, refusal: InputRefusal, messages: Messages): void {
  if (!req.accepts('html') || req.accepts(['json', 'html']) === 'json') {
    const description = `The request was refused: ${refusal.reason}.`;
    res.status(refusal.status).json(isProviderPath(req.path) ? { error: 'invalid_request', error_description: description } : { error: 'bad_request', message: description });
    return;
  }
  res.status(refusal.status).render('error', { title: messages.errors.refusedInput.title, message: format(messages.errors.refusedInput.message, { reason: refusal.reason }) });
}

/** The sign-out confirmation is posted by the provider's own page; a post from another site is refused, like ours. */
function sameOriginPostsOnly(ownOrigin: string, messages: Messages) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || isSameOriginRequest(req.headers, ownOrigin)) return next();
    res.status(403).render('error', messages.errors.formExpired);
  };
}
