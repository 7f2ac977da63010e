import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ClientApiModule } from './client-api/client-api.module.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { apiValidationPipe } from './common/api-validation.pipe.js';
import { ConsoleModule } from './console/console.module.js';
import type { ResolvedEmulatorOptions } from './constants.js';
import { EmulatorOptionsModule } from './emulator-options.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { PrebuiltUiModule } from './prebuilt-ui/prebuilt.module.js';
import { SdkModule } from './sdk/sdk.module.js';
import { ServerApiModule } from './server-api/server-api.module.js';

/** One emulator instance: Authsignal's server and client APIs, the pre-built UI, the outbox and the console. */
@Module({})
export class EmulatorModule {
  static forRoot(options: ResolvedEmulatorOptions): DynamicModule {
    return {
      module: EmulatorModule,
      imports: [
        EmulatorOptionsModule.forRoot(options),
        ServerApiModule,
        ClientApiModule,
        PrebuiltUiModule,
        OutboxModule,
        ConsoleModule,
        SdkModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useFactory: apiValidationPipe },
      ],
    };
  }
}
