import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { Request, Response } from 'express';
import type { AddressInfo } from 'node:net';
import { Logger } from 'nestjs-pino';
import { HttpMetrics } from '../../src/common/metrics/http-metrics.js';
import { serveAuthsignalBrowserSdk } from '../../src/common/web/authsignal-browser-sdk.js';
import { projectPath } from '../../src/common/web/project-paths.js';
import { cookiePolicy } from '../../src/common/web/cookie-policy.js';
import { type InputRefusal, requestInput } from '../../src/common/web/request-input.js';
import { requestLogger } from '../../src/common/web/request-logging.js';
import { noStore, securityHeaders } from '../../src/common/web/security-headers.js';
import { configureViews } from '../../src/common/web/views.js';
import type { Database } from '../../src/database/database.js';
import { sessionMiddleware } from './auth/session.middleware.js';
import { SESSION_STORE, type SessionStore } from './auth/session-store.js';
import { ClientAppModule } from './client-app.module.js';
import type { ClientAppConfig } from './config/client-app-config.js';

export interface ClientAppOptions {
  /** Keep the sessions in this database (migrated, never closed by the app) instead of where the config says. */
  database?: Database;
}

/** The client app, configured but not listening (tests use it with supertest). */
export async function createClientApp(config: ClientAppConfig, options: ClientAppOptions = {}): Promise<NestExpressApplication> {
  // No body parser of Nest's: bodies are read once, at the edge, by `requestInput`.
  const app = await NestFactory.create<NestExpressApplication>(ClientAppModule.forRoot(config, options.database), { bufferLogs: true, bodyParser: false });
  configureClientApp(app, config);
  return app;
}

/** Our forms and the passkey page's JSON calls are a few short fields. */
const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Express-level plumbing, in order: request metrics and the request log, security headers and the cookie policy on everything, the edge check
 * of every request's input, static files and the Authsignal browser SDK (no session needed), then
 * cookies, the session and no-store for every dynamic page. Split from `createClientApp` so tests can apply
 * it to an app compiled with `Test.createTestingModule(...).overrideProvider(...)`.
 */
export function configureClientApp(app: NestExpressApplication, config: ClientAppConfig): void {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.http.trustProxy ? 1 : false);
  app.use(app.get(HttpMetrics).middleware());
  app.use(requestLogger(config.logLevel, 'client-app'));
  // Sign-in redirects and the sign-out form's redirect go to the identity server (Chrome applies form-action to redirects).
  // The passkey page's script calls Authsignal's client API from the browser.
  app.use(
    securityHeaders({
      formActionOrigins: [new URL(config.oidc.issuer).origin],
      connectOrigins: [new URL(config.authsignal.apiUrl).origin],
      hsts: config.session.secureCookies,
    }),
  );
  app.use(cookiePolicy({ secure: config.session.secureCookies }));
  configureViews(app, projectPath('client-app', 'views'));
  app.use(requestInput({ bodyPolicy: () => ({ mode: 'parse', maxBytes: BODY_LIMIT_BYTES, shape: { maxDepth: 1, flat: true } }), refuse: refuseInput }));
  serveAuthsignalBrowserSdk(app);
  app.useStaticAssets(projectPath('client-app', 'public'));
  app.use(cookieParser());
  app.use(sessionMiddleware(config, app.get<SessionStore>(SESSION_STORE)));
  // Every page depends on who is signed in: none may be cached, by the browser or by a proxy.
  app.use(noStore);
}

/** Input refused at the edge: JSON for the page scripts' API, the error page for browsers. */
function refuseInput(req: Request, res: Response, refusal: InputRefusal): void {
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(refusal.status).json({ error: 'bad_request', message: `The request was refused: ${refusal.reason}.` });
    return;
  }
  const action = { href: '/', label: 'Back to the home page' };
  res.status(refusal.status).render('error', { title: 'Request not accepted', page: { title: 'Request not accepted', message: `Something in that request was not valid (${refusal.reason}).`, action } });
}

/** Creates the client app and listens on `config.http.host`/`port` (0 = any free port); `url` is where it listens. */
export async function startClientApp(config: ClientAppConfig, options: ClientAppOptions = {}): Promise<{ app: NestExpressApplication; url: string }> {
  const app = await createClientApp(config, options);
  await app.listen(config.http.port, config.http.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://localhost:${port}` };
}
