import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type Provider from 'oidc-provider';
import { CLAIMS_PROVIDER, type ClaimsProvider } from '../claims/claims-provider.js';
import { CsrfService } from '../common/web/csrf.js';
import { clientDisplayName } from '../oidc/client-display-name.js';
import type { InteractionDetails } from '../oidc/interaction.decorators.js';
import { OIDC_PROVIDER } from '../oidc/oidc.constants.js';
import type { PromptPage, PromptPageOptions } from '../oidc/prompt-pages.js';

/** The two scopes the server always has; the claims provider words the rest. */
const BUILT_IN_SCOPE_DESCRIPTIONS: Record<string, string> = {
  openid: 'Your account identifier',
  offline_access: 'Stay signed in to the app when you are not using it',
};

export interface ConsentPageModel {
  title: string;
  uid: string;
  csrfToken: string;
  clientName: string;
  permissions: string[];
  error?: string;
}

export function consentPageModel(interaction: InteractionDetails, clientName: string, csrfToken: string, scopeDescriptions: Record<string, string>): ConsentPageModel {
  const details = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  const scopes = details.missingOIDCScope ?? [];
  const describe = (scope: string) => BUILT_IN_SCOPE_DESCRIPTIONS[scope] ?? scopeDescriptions[scope] ?? scope;
  return {
    title: 'Allow access',
    uid: interaction.uid,
    csrfToken,
    clientName,
    permissions: [
      ...scopes.map(describe),
      ...(details.missingOIDCClaims ?? []).map((claim) => `The "${claim}" claim`),
    ],
  };
}

/** The page of the `consent` prompt: what the client asks for, to allow or cancel. */
@Injectable()
export class ConsentPage implements PromptPage {
  readonly prompt = 'consent';

  constructor(
    @Inject(OIDC_PROVIDER) private readonly provider: Provider,
    private readonly csrf: CsrfService,
    @Inject(CLAIMS_PROVIDER) private readonly claims: ClaimsProvider,
  ) {}

  async render(interaction: InteractionDetails, req: Request, res: Response, options: PromptPageOptions): Promise<void> {
    const descriptions = Object.fromEntries(this.claims.scopes().map((scope) => [scope.name, scope.description]));
    const model = consentPageModel(interaction, await clientDisplayName(this.provider, interaction), this.csrf.issue(req, res), descriptions);
    res.status(options.status ?? 200).render('consent', { ...model, error: options.error });
  }
}
