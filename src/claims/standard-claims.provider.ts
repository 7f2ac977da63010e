import { Injectable } from '@nestjs/common';
import type { ClaimsProvider, ClaimsRequest, ScopeDefinition } from './claims-provider.js';

/** The standard claims of OpenID Connect Core 5.4 that the user store's accounts can answer. */
export const STANDARD_SCOPES: ScopeDefinition[] = [
  { name: 'profile', claims: ['name', 'preferred_username'], description: 'Your name and username' },
  { name: 'email', claims: ['email', 'email_verified'], description: 'Your email address' },
];

/** The default claims provider: `profile` and `email`, from the account. Extend it to add scopes of your own. */
@Injectable()
export class StandardClaims implements ClaimsProvider {
  scopes(): ScopeDefinition[] {
    return STANDARD_SCOPES;
  }

  async claims({ account }: ClaimsRequest): Promise<Record<string, unknown>> {
    return {
      name: account.displayName,
      preferred_username: account.username,
      email: account.email ?? undefined,
      email_verified: account.email ? account.emailVerified : undefined,
    };
  }
}
