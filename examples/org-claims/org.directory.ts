import { Injectable, Module } from '@nestjs/common';
import type { Account } from '../../src/users/user-store.js';

/** Where someone sits in the organisation. */
export interface OrgMembership {
  department: string;
  groups: string[];
}

/**
 * The organisation directory, reduced to a map so the example runs anywhere. A real one is a client of
 * the company's directory (LDAP, Entra ID, an HR API) and looks people up by `account.id`, which stays
 * the same when someone is renamed; this one is keyed by username only because the demo users' ids are
 * generated when they are seeded. Either way it is a Nest provider, so `OrgClaims` is unchanged by the swap.
 */
const MEMBERSHIPS: ReadonlyMap<string, OrgMembership> = new Map([
  ['alice', { department: 'Engineering', groups: ['engineering', 'on-call'] }],
  ['bob', { department: 'Finance', groups: ['finance', 'approvers'] }],
]);

@Injectable()
export class OrgDirectory {
  /** `undefined` for someone the directory does not list: they get no org claims rather than made-up ones. */
  async membershipOf(account: Account): Promise<OrgMembership | undefined> {
    return MEMBERSHIPS.get(account.username);
  }
}

/** Passed in the server's `imports`, so that the claims provider can inject the directory. */
@Module({ providers: [OrgDirectory], exports: [OrgDirectory] })
export class OrgDirectoryModule {}
