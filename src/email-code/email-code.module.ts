import { Module, type OnModuleInit } from '@nestjs/common';
import { AuthsignalModule } from '../authsignal/authsignal.module.js';
import { projectPath } from '../common/web/project-paths.js';
import { InteractionErrorPages, onError } from '../oidc/interaction-error-pages.js';
import { OidcModule } from '../oidc/oidc.module.js';
import { PageViews } from '../oidc/page-views.js';
import { PromptPages } from '../oidc/prompt-pages.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { EmailCodeController } from './email-code.controller.js';
import { EmailCodeRefusedError } from './email-code.errors.js';
import { EmailCodePage } from './email-code.page.js';
import { EmailCodeRepository } from './email-code.repository.js';
import { EmailCodeSignIn } from './email-code-sign-in.service.js';
import { ResponseTimes } from './response-times.js';

/** HTTP status of each refusal: a wrong code is a failed credential, like a wrong password; the limits are 429. */
const REFUSAL_STATUS = { wrong: 401, expired: 401, 'used-up': 429, throttled: 429 } as const;

/**
 * Sign-in with a code Authsignal emails (`EMAIL_CODE_SIGN_IN`): a first step like the password, with
 * its own pages and state. It adds "Email me a code" to the login page as a partial, so the login step
 * knows nothing of it; the MFA policy decides what follows it.
 */
@Module({
  imports: [OidcModule, AuthsignalModule, RateLimitModule],
  controllers: [EmailCodeController],
  providers: [EmailCodeSignIn, EmailCodePage, EmailCodeRepository, { provide: ResponseTimes, useFactory: () => new ResponseTimes() }],
})
export class EmailCodeModule implements OnModuleInit {
  constructor(
    private readonly page: EmailCodePage,
    private readonly pages: PromptPages,
    private readonly errorPages: InteractionErrorPages,
    private readonly views: PageViews,
  ) {}

  onModuleInit(): void {
    this.views.addStepViews(projectPath('src', 'email-code', 'views'));
    this.pages.contribute({ prompt: 'login', partial: 'email-code-option', locals: ({ interaction, csrfToken }) => ({ uid: interaction.uid, csrfToken }) });
    // A code that signs nobody in: the code page again, with one message per kind of refusal.
    this.errorPages.register(
      onError({
        error: EmailCodeRefusedError,
        respond: (error, { req, res, interactionUid }) =>
          this.page.renderEntry(interactionUid, req, res, {
            ...error.pending,
            status: REFUSAL_STATUS[error.refusal],
            refusal: error.refusal,
            retryAfterSeconds: error.retryAfterSeconds,
          }),
      }),
    );
  }
}
