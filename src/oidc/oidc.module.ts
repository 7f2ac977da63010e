import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { BRANDING, type Branding } from '../branding/branding.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { CsrfGuard, CsrfService } from '../common/web/csrf.js';
import { BrowserBinding } from './browser-binding.js';
import { FollowUpSteps } from './follow-up-steps.js';
import { InteractionController } from './interaction.controller.js';
import { InteractionErrorPages } from './interaction-error-pages.js';
import { InteractionExceptionFilter } from './interaction-exception.filter.js';
import { InteractionFinisher } from './interaction-finisher.js';
import { InteractionGuard } from './interaction.guard.js';
import { kernelErrorPages } from './kernel-error-pages.js';
import { OidcProviderFactory, providerHolderFactory } from './oidc-provider.factory.js';
import { PageViews } from './page-views.js';
import { PromptPages } from './prompt-pages.js';
import { ProviderHolder } from './provider-holder.js';
import { OIDC_PROVIDER_ENDPOINTS } from './oidc.constants.js';
import { discoverProviderEndpoints } from './provider-endpoints.js';
import { SignInFlow } from './sign-in-flow.service.js';
import { SignInProgressRepository } from './sign-in-progress.repository.js';
import { SigningKeysService } from './signing-keys.service.js';
import { SigningKeysWatcher } from './signing-keys.watcher.js';

/**
 * The kernel: the provider (in its holder, replaced when the signing keys change) and its storage and keys, the interaction guard and decorators, the sign-in
 * flow and its one finisher, the browser binding, and the registries through which steps add their
 * pages, error pages and follow-ups. It imports no step; steps import it.
 */
@Module({
  controllers: [InteractionController],
  providers: [
    OidcProviderFactory,
    providerHolderFactory,
    // The endpoints are the same whatever the keys: read once, from the provider built at boot.
    { provide: OIDC_PROVIDER_ENDPOINTS, inject: [ProviderHolder], useFactory: (holder: ProviderHolder) => discoverProviderEndpoints(holder.current) },
    SigningKeysService,
    SigningKeysWatcher,
    BrowserBinding,
    InteractionFinisher,
    SignInFlow,
    SignInProgressRepository,
    FollowUpSteps,
    InteractionErrorPages,
    PromptPages,
    PageViews,
    InteractionGuard,
    InteractionExceptionFilter,
    CsrfGuard,
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
  exports: [
    ProviderHolder,
    OIDC_PROVIDER_ENDPOINTS,
    SignInFlow,
    // For a step that keeps state of its own before anything is proven (an email code asked for).
    BrowserBinding,
    InteractionFinisher,
    FollowUpSteps,
    InteractionErrorPages,
    PromptPages,
    PageViews,
    InteractionGuard,
    InteractionExceptionFilter,
    CsrfService,
    CsrfGuard,
  ],
})
export class OidcModule implements OnModuleInit {
  constructor(
    private readonly errorPages: InteractionErrorPages,
    @Inject(BRANDING) private readonly branding: Branding,
  ) {}

  onModuleInit(): void {
    this.errorPages.register(...kernelErrorPages(this.branding.messages));
  }
}
