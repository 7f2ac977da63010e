import { Module } from '@nestjs/common';
import type { Request } from 'express';
import { CsrfGuard, CsrfService } from '../../../src/common/web/csrf.js';
import type { ClientAppConfig } from '../config/client-app-config.js';
import { CLIENT_APP_CONFIG } from '../config/client-app-config.constants.js';
import { CSRF_COOKIE } from './cookie-names.js';

/** CSRF tokens bound to the express-session id; import this module where a controller uses `CsrfGuard`. */
@Module({
  providers: [
    {
      provide: CsrfService,
      useFactory: (config: ClientAppConfig) =>
        new CsrfService({
          secret: config.session.csrfSecret,
          cookieName: CSRF_COOKIE,
          secureCookies: config.session.secureCookies,
          sessionIdentifier: (req: Request) => req.sessionID,
          ownOrigin: new URL(config.url).origin,
        }),
      inject: [CLIENT_APP_CONFIG],
    },
    CsrfGuard,
  ],
  exports: [CsrfService, CsrfGuard],
})
export class CsrfModule {}
