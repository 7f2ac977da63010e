import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { projectPath } from '../../src/common/web/project-paths.js';
import { securityHeaders } from '../../src/common/web/security-headers.js';
import { configureViews } from '../../src/common/web/views.js';
import { bodyParseErrorHandler } from './common/body-parse-error.middleware.js';
import { requestLog } from './common/request-log.middleware.js';
import { registerViewHelpers } from './common/view-helpers.js';
import type { TenantConfig } from './tenants/tenant.config.js';

/** `authsignal-emulator/` in the repository, whether running from source or from the swc build. */
export const emulatorRoot = (): string => projectPath('authsignal-emulator');

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
  app.use(securityHeaders({ embeddableBy: [...new Set(tenants.flatMap((tenant) => tenant.expectedOrigins))], hsts: false }));
  configureViews(app, join(root, 'views'), registerViewHelpers);
  app.useStaticAssets(join(root, 'public'), { prefix: '/assets/', index: false, maxAge: '1h' });
}
