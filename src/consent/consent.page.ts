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

/** Claims every ID token carries whatever was asked; never listed as something to allow. */
const ALWAYS_SHARED_CLAIMS = new Set(['sub', 'sid', 'auth_time', 'acr', 'amr', 'iss']);

/**
 * What the consent page lists: everything the client asks for, not only what no earlier consent covered.
 * With `prompt=consent` (OpenID Connect Core 3.1.2.1: the provider SHOULD ask) the earlier consent may
 * cover everything, and a page listing nothing would ask the person to allow nothing in particular; and
 * `offline_access` is only ever present when the request may keep it. Each scope the server knows is in the
 * claims provider's words (the two it always has, in the messages'), each requested claim by name.
 */
export function consentPageModel(
  interaction: InteractionDetails,
  clientName: string,
  csrfToken: string,
  scopeDescriptions: Record<string, string>,
  messages: Messages,
): ConsentPageModel {
  const builtIn: Record<string, string> = { openid: messages.consent.openidScope, offline_access: messages.consent.offlineAccessScope };
  const descriptions: Record<string, string> = { ...scopeDescriptions, ...builtIn };
  const scopes = new Set(typeof interaction.params.scope === 'string' ? interaction.params.scope.split(' ') : []);
  return {
    title: messages.consent.title,
    uid: interaction.uid,
    csrfToken,
    clientName,
    permissions: [
      ...[...scopes].filter((scope) => Object.hasOwn(descriptions, scope)).map((scope) => descriptions[scope]),
      ...requestedClaims(interaction).map((claim) => format(messages.consent.claim, { claim })),
    ],
  };
}

/** Claims asked for by name (the `claims` parameter), besides those every ID token has. */
function requestedClaims(interaction: InteractionDetails): string[] {
  const details = interaction.prompt.details as { missingOIDCClaims?: string[] };
  const named = new Set(details.missingOIDCClaims ?? []);
  try {
    const claims = JSON.parse(typeof interaction.params.claims === 'string' ? interaction.params.claims : '{}') as Record<string, unknown>;
    for (const target of [claims.id_token, claims.userinfo]) {
      if (target && typeof target === 'object') for (const claim of Object.keys(target)) named.add(claim);
    }
  } catch {
    // The provider has already refused a `claims` parameter that is not JSON; nothing more to list.
  }
  return [...named].filter((claim) => !ALWAYS_SHARED_CLAIMS.has(claim));
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
