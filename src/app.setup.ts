import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import type Provider from 'oidc-provider';
import { AppModule } from './app.module.js';
import { serveAuthsignalBrowserSdk } from './common/web/authsignal-browser-sdk.js';
import { projectPath } from './common/web/project-paths.js';
import { requestLogger } from './common/web/request-logging.js';
import { noStore, securityHeaders } from './common/web/security-headers.js';
import { configureViews } from './common/web/views.js';
import type { AppConfig } from './config/app-config.js';
import type { Database } from './database/database.js';
import { OIDC_PROVIDER, PROVIDER_PATH_PREFIXES } from './oidc/oidc.constants.js';

/** Builds the identity server, configured but not yet listening. Used by `main.ts` and the tests alike. */
export async function createIdentityServer(config: AppConfig, options: { database?: Database } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  setupApp(app, config);
  return app;
}

/**
 * Express-level wiring. Runs before `init()`: oidc-provider must see requests before Nest's body
 * parser does, and security headers must wrap the provider's own pages too. The provider comes before
 * the static files, so its hot paths (discovery, JWKS, token) skip a disk lookup that always misses.
 */
function setupApp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', config.http.trustProxy ? 1 : false);
  app.disable('x-powered-by');
  app.use(requestLogger(config.logLevel, 'identity-server'));
  app.use(
    securityHeaders({
      formActionOrigins: clientOrigins(config),
      // The login page's passkey script talks to Authsignal's client API.
      connectOrigins: [new URL(config.authsignal.apiUrl).origin],
      hsts: config.http.secureCookies,
    }),
  );
  configureViews(app, projectPath('views'));
  mountProvider(app, app.get<Provider>(OIDC_PROVIDER));
  app.use('/interaction', noStore);
  app.use(cookieParser());
  app.useStaticAssets(projectPath('public'), { index: false, maxAge: '1h' });
  serveAuthsignalBrowserSdk(app);
}

/** Sign-in forms end in a redirect to the client, and Chrome applies form-action to that redirect. */
function clientOrigins(config: AppConfig): string[] {
  const uris = config.oidc.clients.flatMap((client) => [...client.redirect_uris, ...client.post_logout_redirect_uris]);
  return [...new Set(uris.map((uri) => new URL(uri).origin))];
}

/** The provider answers its own paths at the root (/auth, /token, /.well-known/…); everything else is Nest's. */
function mountProvider(app: NestExpressApplication, provider: Provider): void {
  const callback = provider.callback();
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isProviderPath = PROVIDER_PATH_PREFIXES.some((prefix) => req.path === prefix || req.path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
    return isProviderPath ? callback(req, res) : next();
  });
}
