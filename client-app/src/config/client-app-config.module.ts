import { type DynamicModule, Module } from '@nestjs/common';
import type { ClientAppConfig } from './client-app-config.js';
import { CLIENT_APP_CONFIG } from './client-app-config.constants.js';

/** Makes the config validated at boot injectable everywhere in the client app. */
@Module({})
export class ClientAppConfigModule {
  static forRoot(config: ClientAppConfig): DynamicModule {
    return {
      module: ClientAppConfigModule,
      global: true,
      providers: [{ provide: CLIENT_APP_CONFIG, useValue: config }],
      exports: [CLIENT_APP_CONFIG],
    };
  }
}
