import { Injectable } from '@nestjs/common';
import type { ClaimsRequest, ScopeDefinition } from '../../src/claims/claims-provider.js';
import { StandardClaims } from '../../src/claims/standard-claims.provider.js';
import { OrgDirectory } from './org.directory.js';

/** The `org` scope: the consent page shows its description to users of third-party clients. */
export const ORG_SCOPE: ScopeDefinition = { name: 'org', claims: ['department', 'groups'], description: 'Your department and groups' };

/** The standard `profile` and `email` scopes, plus `org` from the organisation directory. */
@Injectable()
export class OrgClaims extends StandardClaims {
  constructor(private readonly directory: OrgDirectory) {
    super();
  }

  override scopes(): ScopeDefinition[] {
    return [...super.scopes(), ORG_SCOPE];
  }

  override async claims(request: ClaimsRequest): Promise<Record<string, unknown>> {
    const standard = await super.claims(request);
    // The provider would drop org claims of a token without the scope anyway; not asking saves a directory call per token.
    if (!request.scopes.includes(ORG_SCOPE.name)) return standard;
    const membership = await this.directory.membershipOf(request.account);
    return { ...standard, department: membership?.department, groups: membership?.groups };
  }
}
