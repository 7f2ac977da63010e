import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CsrfModule } from '../common/csrf.module.js';
import { AuthController } from './auth.controller.js';
import { BackchannelLogoutController } from './backchannel-logout.controller.js';
import { BackchannelLogoutService } from './backchannel-logout.service.js';
import { AuthGuard } from './auth.guard.js';
import { OidcClientService } from './oidc-client.service.js';
import { SignInService } from './sign-in.service.js';
import { ViewLocalsMiddleware } from './view-locals.middleware.js';

/** Signing in through the identity server, the session it leaves, and the sign-in every page requires by default. */
@Module({
  imports: [CsrfModule],
  controllers: [AuthController, BackchannelLogoutController],
  providers: [OidcClientService, SignInService, BackchannelLogoutService, { provide: APP_GUARD, useClass: AuthGuard }],
  // SignInService: pages that need a recent sign-in start a re-authentication.
  exports: [OidcClientService, SignInService],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ViewLocalsMiddleware).forRoutes('*');
  }
}
