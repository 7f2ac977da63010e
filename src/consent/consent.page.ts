import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BRANDING, type Branding } from '../branding/branding.js';
import { format, type Messages } from '../branding/messages.js';
import { CLAIMS_PROVIDER, type ClaimsProvider } from '../claims/claims-provider.js';
import { CsrfService } from '../common/web/csrf.js';
import { clientDisplayName } from '../oidc/client-display-name.js';
import type { InteractionDetails } from '../oidc/interaction.decorators.js';
import { ProviderHolder } from '../oidc/provider-holder.js';
import type { PromptPage, PromptPageOptions } from '../oidc/prompt-pages.js';


export interface ConsentPageModel {
  title: string;
  uid: string;
  csrfToken: string;
  clientName: string;
  permissions: string[];
  error?: string;
}

/**
 * What the consent page lists: each missing scope in the claims provider's words (the two scopes the
 * server always has, in the messages'), and each claim asked for by name.
 */
export function consentPageModel(
  interaction: InteractionDetails,
  clientName: string,
  csrfToken: string,
  scopeDescriptions: Record<string, string>,
  messages: Messages,
): ConsentPageModel {
  const details = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  const scopes = details.missingOIDCScope ?? [];
  const builtIn: Record<string, string> = { openid: messages.consent.openidScope, offline_access: messages.consent.offlineAccessScope };
  const describe = (scope: string) => builtIn[scope] ?? scopeDescriptions[scope] ?? scope;
  return {
    title: messages.consent.title,
    uid: interaction.uid,
    csrfToken,
    clientName,
    permissions: [
      ...scopes.map(describe),
      ...(details.missingOIDCClaims ?? []).map((claim) => format(messages.consent.claim, { claim })),
    ],
  };
}

/** The page of the `consent` prompt: what the client asks for, to allow or cancel. */
@Injectable()
export class ConsentPage implements PromptPage {
  readonly prompt = 'consent';

  constructor(
    private readonly providers: ProviderHolder,
    private readonly csrf: CsrfService,
    @Inject(CLAIMS_PROVIDER) private readonly claims: ClaimsProvider,
    @Inject(BRANDING) private readonly branding: Branding,
  ) {}

  async render(interaction: InteractionDetails, req: Request, res: Response, options: PromptPageOptions): Promise<void> {
    const descriptions = Object.fromEntries(this.claims.scopes().map((scope) => [scope.name, scope.description]));
    const model = consentPageModel(interaction, await clientDisplayName(this.providers.current, interaction), this.csrf.issue(req, res), descriptions, this.branding.messages);
    res.status(options.status ?? 200).render('consent', { ...model, error: options.error });
  }
}
