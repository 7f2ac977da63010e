import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { CsrfService } from '../common/web/csrf.js';
import { LoginModule } from '../login/login.module.js';
import { MfaModule } from '../mfa/mfa.module.js';
import { PasskeysModule } from '../passkeys/passkeys.module.js';
import { UsersModule } from '../users/users.module.js';
import { BrowserBinding } from './browser-binding.js';
import { ConsentService } from './consent.service.js';
import { InteractionFinisher } from './interaction-finisher.js';
import { InteractionController } from './interaction.controller.js';
import { MfaInteractionController } from './mfa-interaction.controller.js';
import { PasskeyInteractionController } from './passkey-interaction.controller.js';
import { OIDC_PROVIDER } from './oidc.constants.js';
import { oidcProviderFactory } from './oidc-provider.factory.js';
import { SignInService } from './sign-in.service.js';
import { SigningKeysService } from './signing-keys.service.js';

@Module({
  imports: [UsersModule, LoginModule, MfaModule, PasskeysModule],
  controllers: [InteractionController, MfaInteractionController, PasskeyInteractionController],
  providers: [
    oidcProviderFactory,
    SigningKeysService,
    SignInService,
    ConsentService,
    BrowserBinding,
    InteractionFinisher,
    {
      provide: CsrfService,
      inject: [APP_CONFIG],
      // Tokens are bound to the interaction, so a token from one sign-in cannot be replayed in another.
      useFactory: (config: AppConfig) =>
        new CsrfService({
          secret: config.csrfSecret,
          cookieName: 'idp.csrf',
          secureCookies: config.http.secureCookies,
          sessionIdentifier: (req) => String(req.params.uid ?? ''),
          ownOrigin: new URL(config.issuer).origin,
        }),
    },
  ],
  exports: [OIDC_PROVIDER],
})
export class OidcModule {}
