import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { OtpModule } from '../otp/otp.module.js';
import { PasskeysModule } from '../passkeys/passkeys.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { ClientAuthGuard } from './client-auth.js';
import { ClientCorsMiddleware } from './client-cors.middleware.js';
import { NotImplementedController } from './not-implemented.controller.js';
import { OtpController } from './otp.controller.js';
import { PasskeysController } from './passkeys.controller.js';

/** Authsignal's client API under /v1/client, called by @authsignal/browser from any origin. */
@Module({
  imports: [TenantsModule, TokensModule, PasskeysModule, OtpModule],
  controllers: [PasskeysController, OtpController, NotImplementedController],
  providers: [ClientAuthGuard],
})
export class ClientApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ClientCorsMiddleware).forRoutes({ path: 'v1/client/{*path}', method: RequestMethod.ALL });
  }
}
