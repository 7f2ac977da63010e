import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import hbs from 'hbs';
import { bodyParseErrorHandler } from './common/body-parse-error.middleware.js';
import { requestLog } from './common/request-log.middleware.js';
import { registerViewHelpers } from './common/view-helpers.js';
import type { TenantConfig } from './tenants/tenant.config.js';

/** `authsignal-emulator/` whether running from source (`src/`) or from the swc build (`dist/authsignal-emulator/src/`). */
export function emulatorRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '..'), resolve(here, '../../../authsignal-emulator')];
  const root = candidates.find((candidate) => existsSync(join(candidate, 'views', 'layout.hbs')));
  if (!root) throw new Error(`Cannot find the emulator's views next to ${here}`);
  return root;
}

/**
 * Express-level setup, before Nest registers routes: JSON bodies (errors as Authsignal JSON), security headers,
 * views and static files. Pages may be framed only by the tenants' origins (the SDK's popup mode is an iframe).
 */
export function setupApp(app: NestExpressApplication, tenants: TenantConfig[]): void {
  const root = emulatorRoot();
  app.disable('x-powered-by');
  app.use(requestLog);
  app.useBodyParser('json', { limit: '256kb', type: ['application/json', 'application/*+json'] });
  app.use(bodyParseErrorHandler);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'self'", ...new Set(tenants.flatMap((tenant) => tenant.expectedOrigins))],
        },
      },
      // Framing is governed by frame-ancestors above; X-Frame-Options cannot list several origins.
      frameguard: false,
      // Window mode opens the pre-built UI from the application's origin and needs `window.opener`.
      crossOriginOpenerPolicy: false,
      // Plain http on localhost in development: no HSTS.
      strictTransportSecurity: false,
    }),
  );
  const views = hbs.create();
  registerViewHelpers(views);
  // Registered synchronously: hbs's own registerPartials reads the folder asynchronously, racing the first render.
  const partials = join(root, 'views', 'partials');
  for (const file of readdirSync(partials).filter((name) => name.endsWith('.hbs'))) {
    views.registerPartial(basename(file, '.hbs'), readFileSync(join(partials, file), 'utf8'));
  }
  app.engine('hbs', views.__express);
  app.setViewEngine('hbs');
  app.setBaseViewsDir(join(root, 'views'));
  app.useStaticAssets(join(root, 'public'), { prefix: '/assets/', index: false, maxAge: '1h' });
}
