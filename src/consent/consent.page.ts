import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type Provider from 'oidc-provider';
import { CsrfService } from '../common/web/csrf.js';
import { clientDisplayName } from '../oidc/client-display-name.js';
import type { InteractionDetails } from '../oidc/interaction.decorators.js';
import { OIDC_PROVIDER } from '../oidc/oidc.constants.js';
import type { PromptPage, PromptPageOptions } from '../oidc/prompt-pages.js';

/** Plain-language descriptions of what each scope shares. */
const SCOPE_DESCRIPTIONS: Record<string, string> = {
  openid: 'Your account identifier',
  profile: 'Your name and username',
  email: 'Your email address',
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

export function consentPageModel(interaction: InteractionDetails, clientName: string, csrfToken: string): ConsentPageModel {
  const details = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  const scopes = details.missingOIDCScope ?? [];
  return {
    title: 'Allow access',
    uid: interaction.uid,
    csrfToken,
    clientName,
    permissions: [
      ...scopes.map((scope) => SCOPE_DESCRIPTIONS[scope] ?? scope),
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
  ) {}

  async render(interaction: InteractionDetails, req: Request, res: Response, options: PromptPageOptions): Promise<void> {
    const model = consentPageModel(interaction, await clientDisplayName(this.provider, interaction), this.csrf.issue(req, res));
    res.status(options.status ?? 200).render('consent', { ...model, error: options.error });
  }
}
