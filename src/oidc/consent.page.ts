import type { InteractionDetails } from './interaction.decorators.js';

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
