import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { requestLoggingParams } from '../../src/common/web/request-logging.js';
import type { Database } from '../../src/database/database.js';
import { AuthModule } from './auth/auth.module.js';
import { SessionsModule } from './auth/sessions.module.js';
import { ErrorPageFilter } from './common/error-page.filter.js';
import type { ClientAppConfig } from './config/client-app-config.js';
import { ClientAppConfigModule } from './config/client-app-config.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { PagesModule } from './pages/pages.module.js';
import { PasskeysModule } from './passkeys/passkeys.module.js';

/** The client app's composition root, built from an already validated config. */
@Module({})
export class ClientAppModule {
  /** `database`: keep the sessions there instead of where the config says (tests share one database). */
  static forRoot(config: ClientAppConfig, database?: Database): DynamicModule {
    return {
      module: ClientAppModule,
      imports: [
        ClientAppConfigModule.forRoot(config),
        LoggerModule.forRoot(requestLoggingParams(config.logLevel, 'client-app')),
        SessionsModule.forRoot(database),
        MetricsModule,
        AuthModule,
        PagesModule,
        PasskeysModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
        { provide: APP_FILTER, useClass: ErrorPageFilter },
      ],
    };
  }
}
