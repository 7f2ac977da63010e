import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { projectPath } from '../../src/common/web/project-paths.js';
import { securityHeaders } from '../../src/common/web/security-headers.js';
import { configureViews } from '../../src/common/web/views.js';
import type { Request, Response } from 'express';
import { type InputRefusal, requestInput } from '../../src/common/web/request-input.js';
import { ApiError } from './common/api-error.js';
import { isJsonPath } from './common/api-exception.filter.js';
import { requestLog } from './common/request-log.middleware.js';
import { registerViewHelpers } from './common/view-helpers.js';
import type { TenantConfig } from './tenants/tenant.config.js';

/** `authsignal-emulator/` in the repository, whether running from source or from the swc build. */
export const emulatorRoot = (): string => projectPath('authsignal-emulator');

/** The largest body an SDK sends is a passkey credential: a few kilobytes. */
const BODY_LIMIT_BYTES = 256 * 1024;
/** WebAuthn credential JSON nests four levels; anything near this is not a request an SDK sends. */
const MAX_JSON_DEPTH = 16;

/**
 * Express-level setup, before Nest registers routes: the edge check of every request's input (JSON
 * bodies parsed there, refusals as Authsignal JSON), security headers, views and static files. Pages
 * may be framed only by the tenants' origins (the SDK's popup mode is an iframe).
 */
export function setupApp(app: NestExpressApplication, tenants: TenantConfig[]): void {
  const root = emulatorRoot();
  app.disable('x-powered-by');
  app.use(requestLog);
  app.use(securityHeaders({ embeddableBy: [...new Set(tenants.flatMap((tenant) => tenant.expectedOrigins))], hsts: false }));
  configureViews(app, join(root, 'views'), registerViewHelpers);
  app.use(requestInput({ bodyPolicy: () => ({ mode: 'parse', maxBytes: BODY_LIMIT_BYTES, shape: { maxDepth: MAX_JSON_DEPTH } }), refuse: refuseInput }));
  app.useStaticAssets(join(root, 'public'), { prefix: '/assets/', index: false, maxAge: '1h' });
}

/** Input refused at the edge, in Authsignal's error format for the API and as a page for the pre-built UI and console. */
function refuseInput(req: Request, res: Response, refusal: InputRefusal): void {
  const error = new ApiError(refusal.status, 'invalid_request', `The request was refused: ${refusal.reason}.`);
  if (isJsonPath(req.path)) {
    res.status(error.status).json(error.toBody());
    return;
  }
  res.status(error.status).render('error', { title: 'Something went wrong', message: error.description });
}
