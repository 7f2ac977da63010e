import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { AddressInfo } from 'node:net';
import { Logger } from 'nestjs-pino';
import { serveAuthsignalBrowserSdk } from '../../src/common/web/authsignal-browser-sdk.js';
import { projectPath } from '../../src/common/web/project-paths.js';
import { requestLogger } from '../../src/common/web/request-logging.js';
import { noStore, securityHeaders } from '../../src/common/web/security-headers.js';
import { configureViews } from '../../src/common/web/views.js';
import { sessionMiddleware } from './auth/session.middleware.js';
import { ClientAppModule } from './client-app.module.js';
import type { ClientAppConfig } from './config/client-app-config.js';

/** The client app, configured but not listening (tests use it with supertest). */
export async function createClientApp(config: ClientAppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ClientAppModule.forRoot(config), { bufferLogs: true });
  configureClientApp(app, config);
  return app;
}

/**
 * Express-level plumbing, in order: security headers on everything, static files and the Authsignal browser SDK
 * (no session needed), then
 * cookies, the session and no-store for every dynamic page. Split from `createClientApp` so tests can apply
 * it to an app compiled with `Test.createTestingModule(...).overrideProvider(...)`.
 */
export function configureClientApp(app: NestExpressApplication, config: ClientAppConfig): void {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.http.trustProxy ? 1 : false);
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
  serveAuthsignalBrowserSdk(app);
  app.useStaticAssets(projectPath('public'));
  app.use(cookieParser());
  app.use(sessionMiddleware(config));
  // Every page depends on who is signed in: none may be cached, by the browser or by a proxy.
  app.use(noStore);
  configureViews(app, projectPath('client-app', 'views'));
}

/** Creates the client app and listens on `config.http.host`/`port` (0 = any free port); `url` is where it listens. */
export async function startClientApp(config: ClientAppConfig): Promise<{ app: NestExpressApplication; url: string }> {
  const app = await createClientApp(config);
  await app.listen(config.http.port, config.http.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://localhost:${port}` };
}
