import { Injectable } from '@nestjs/common';
import { causedByDatabaseOutage, DatabaseUnavailableError } from '../database/database.errors.js';
import type { InteractionDetails } from '../oidc/interaction.decorators.js';
import { ProviderHolder } from '../oidc/provider-holder.js';

/** Records a user's consent as a Grant covering exactly what the prompt found missing. */
@Injectable()
export class ConsentService {
  constructor(private readonly providers: ProviderHolder) {}

  /** An outage leaves as `DatabaseUnavailableError`, for the interaction pages' outage page. */
  grant(interaction: InteractionDetails): Promise<string> {
    return this.saveGrant(interaction).catch((error: unknown) => {
      throw causedByDatabaseOutage(error) ? new DatabaseUnavailableError('saving the grant', { cause: error }) : error;
    });
  }

  private async saveGrant(interaction: InteractionDetails): Promise<string> {
    const { prompt, params, session, grantId } = interaction;
    const details = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    const { Grant } = this.providers.current;
    const grant = (grantId && (await Grant.find(grantId))) || new Grant({ accountId: session?.accountId, clientId: params.client_id as string });
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    return grant.save();
  }
}
