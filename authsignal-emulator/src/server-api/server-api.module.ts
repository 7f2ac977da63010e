import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module.js';
import { OtpModule } from '../otp/otp.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { UsersModule } from '../users/users.module.js';
import { ActionsController } from './actions.controller.js';
import { ChallengesController } from './challenges.controller.js';
import { ServerAuthMiddleware } from './server-auth.middleware.js';
import { UsersController } from './users.controller.js';
import { ValidateController } from './validate.controller.js';
import { VerifiedEnrolmentService } from './verified-enrolment.service.js';

/** Authsignal's server API under /v1, authenticated by the tenant's secret key. */
@Module({
  imports: [TenantsModule, TokensModule, UsersModule, ActionsModule, OtpModule],
  controllers: [UsersController, ActionsController, ValidateController, ChallengesController],
  providers: [VerifiedEnrolmentService],
})
export class ServerApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(ServerAuthMiddleware)
      .exclude({ path: 'v1/client', method: RequestMethod.ALL }, { path: 'v1/client/{*path}', method: RequestMethod.ALL })
      .forRoutes({ path: 'v1', method: RequestMethod.ALL }, { path: 'v1/{*path}', method: RequestMethod.ALL });
  }
}
