import { Module, type OnModuleInit } from '@nestjs/common';
import { AuthsignalModule } from '../authsignal/authsignal.module.js';
import { projectPath } from '../common/web/project-paths.js';
import { OidcModule } from '../oidc/oidc.module.js';
import { PageViews } from '../oidc/page-views.js';
import { PromptPages } from '../oidc/prompt-pages.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { PasskeyController } from './passkey.controller.js';
import { PasskeySignInService } from './passkey-sign-in.service.js';

/**
 * Passkey sign-in from the login page's autofill or its button, verified by Authsignal. It adds its
 * option to the login page as a partial (`passkey-option`), so the login step knows nothing of it.
 */
@Module({
  imports: [OidcModule, AuthsignalModule, RateLimitModule],
  controllers: [PasskeyController],
  providers: [PasskeySignInService],
})
export class PasskeysModule implements OnModuleInit {
  constructor(
    private readonly passkeys: PasskeySignInService,
    private readonly pages: PromptPages,
    private readonly views: PageViews,
  ) {}

  onModuleInit(): void {
    this.views.addStepViews(projectPath('src', 'passkeys', 'views'));
    this.pages.contribute({
      prompt: 'login',
      partial: 'passkey-option',
      locals: ({ interaction, csrfToken }) => ({ uid: interaction.uid, csrfToken, passkey: this.passkeys.pageSettings }),
    });
  }
}
