import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ValidationPipe } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from './config/app-config.js';
import { AppExceptionFilter } from './common/errors/app-exception.filter.js';
import { requestLoggingParams } from './common/web/request-logging.js';
import { ConfigModule } from './config/config.module.js';
import type { Database } from './database/database.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoModule } from './demo/demo.module.js';
import { HealthModule } from './health/health.module.js';
import { OidcModule } from './oidc/oidc.module.js';

/** The identity server, composed from its capabilities. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: { database?: Database } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(requestLoggingParams(config.logLevel, 'identity-server')),
        DatabaseModule.forRoot(options.database),
        HealthModule,
        OidcModule,
        DemoModule,
      ],
      providers: [
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
        { provide: APP_FILTER, useClass: AppExceptionFilter },
      ],
    };
  }
}
