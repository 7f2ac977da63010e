import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { BRANDING, type Branding } from '../branding/branding.js';
import { AuthsignalModule } from '../authsignal/authsignal.module.js';
import { projectPath } from '../common/web/project-paths.js';
import { FollowUpSteps } from '../oidc/follow-up-steps.js';
import { errorPage, InteractionErrorPages } from '../oidc/interaction-error-pages.js';
import { OidcModule } from '../oidc/oidc.module.js';
import { PageViews } from '../oidc/page-views.js';
import { SignInRefusedError } from './mfa.errors.js';
import { MfaChallengeRepository } from './mfa-challenge.repository.js';
import { MfaController } from './mfa.controller.js';
import { MfaFollowUp } from './mfa-follow-up.js';
import { MfaService } from './mfa.service.js';

/** Where the second factor stands among the follow-up steps: first after the step that identified the user. */
export const MFA_STEP_ORDER = 100;

/** The second factor after the password, run by Authsignal: a follow-up step with its page and callback. */
@Module({
  imports: [OidcModule, AuthsignalModule],
  controllers: [MfaController],
  providers: [MfaService, MfaFollowUp, MfaChallengeRepository],
})
export class MfaModule implements OnModuleInit {
  constructor(
    private readonly followUp: MfaFollowUp,
    private readonly followUps: FollowUpSteps,
    private readonly errorPages: InteractionErrorPages,
    private readonly views: PageViews,
    @Inject(BRANDING) private readonly branding: Branding,
  ) {}

  onModuleInit(): void {
    this.followUps.register(this.followUp, MFA_STEP_ORDER);
    this.views.addStepViews(projectPath('src', 'mfa', 'views'));
    this.errorPages.register(
      errorPage(SignInRefusedError, {
        status: 403,
        ...this.branding.messages.errors.refused,
        log: { level: 'warn', fields: (error) => ({ event: 'sign_in.refused', state: error.state }) },
      }),
    );
  }
}
