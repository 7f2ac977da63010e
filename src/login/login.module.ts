import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { BRANDING, type Branding } from '../branding/branding.js';
import { projectPath } from '../common/web/project-paths.js';
import { InteractionErrorPages, onError } from '../oidc/interaction-error-pages.js';
import { OidcModule } from '../oidc/oidc.module.js';
import { PageViews } from '../oidc/page-views.js';
import { PromptPages } from '../oidc/prompt-pages.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { LoginController } from './login.controller.js';
import { LoginPage } from './login.page.js';
import { InvalidCredentialsError } from './login.errors.js';
import { PasswordCheck } from './password-check.service.js';

/** The password step: the login page (the `login` prompt), its form, and the password check. */
@Module({
  imports: [OidcModule, RateLimitModule],
  controllers: [LoginController],
  providers: [PasswordCheck, LoginPage],
})
export class LoginModule implements OnModuleInit {
  constructor(
    private readonly loginPage: LoginPage,
    private readonly pages: PromptPages,
    private readonly errorPages: InteractionErrorPages,
    private readonly views: PageViews,
    @Inject(BRANDING) private readonly branding: Branding,
  ) {}

  onModuleInit(): void {
    this.pages.register(this.loginPage);
    this.views.addStepViews(projectPath('src', 'login', 'views'));
    // A wrong password: the same page again, with one message for every reason.
    this.errorPages.register(
      onError({
        error: InvalidCredentialsError,
        respond: (_error, { showPromptAgain }) => showPromptAgain({ status: 401, error: this.branding.messages.login.invalidCredentials }),
      }),
    );
  }
}
