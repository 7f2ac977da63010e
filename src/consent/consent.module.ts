import { Module, type OnModuleInit } from '@nestjs/common';
import { projectPath } from '../common/web/project-paths.js';
import { OidcModule } from '../oidc/oidc.module.js';
import { PageViews } from '../oidc/page-views.js';
import { PromptPages } from '../oidc/prompt-pages.js';
import { ConsentController } from './consent.controller.js';
import { ConsentPage } from './consent.page.js';
import { ConsentService } from './consent.service.js';

/** Consent: the page of the `consent` prompt (third-party clients), and the grant it records. */
@Module({
  imports: [OidcModule],
  controllers: [ConsentController],
  providers: [ConsentService, ConsentPage],
})
export class ConsentModule implements OnModuleInit {
  constructor(
    private readonly consentPage: ConsentPage,
    private readonly pages: PromptPages,
    private readonly views: PageViews,
  ) {}

  onModuleInit(): void {
    this.pages.register(this.consentPage);
    this.views.addStepViews(projectPath('src', 'consent', 'views'));
  }
}
