import type Provider from 'oidc-provider';
import type { InteractionDetails } from './interaction.decorators.js';

/** The name the login and consent pages show for the client of an interaction ("to continue to …"). */
export async function clientDisplayName(provider: Provider, interaction: InteractionDetails): Promise<string> {
  const client = await provider.Client.find(interaction.params.client_id as string);
  return client?.clientName ?? client?.clientId ?? 'the application';
}
