import type { MfaDecision, MfaPolicy, MfaPolicyInput } from '../../src/mfa/mfa-policy.js';
import { Ipv4Network } from './office-network.address.js';

/** The office's networks: RFC 1918's 10/8, which only the office's own routers hand out here. */
export const OFFICE_NETWORKS = ['10.0.0.0/8'];

/**
 * "No second factor from the office": from an office address the password suffices, unless the client
 * asks for the multi-factor acr or its `mfa` setting is `required` (the payroll app, say). Everything
 * else (other addresses, those clients) is decided by the policy it wraps, the standard one in practice.
 *
 * The address is the client's as the server sees it. Behind a proxy that is `X-Forwarded-For` with
 * `TRUST_PROXY=true`, and the proxy must set that header itself: if clients could reach the server
 * directly, or the proxy passed their header on, anyone could claim to be in the office.
 */
export class OfficeNetworkPolicy implements MfaPolicy {
  private readonly office: Ipv4Network[];

  constructor(
    private readonly elsewhere: MfaPolicy,
    officeNetworks: readonly string[] = OFFICE_NETWORKS,
  ) {
    this.office = officeNetworks.map((cidr) => Ipv4Network.parse(cidr));
  }

  async decide(input: MfaPolicyInput): Promise<MfaDecision> {
    const fromOffice = this.office.some((network) => network.contains(input.circumstances.ipAddress));
    const secondFactorAsked = input.wantsMultiFactor || input.client.mfa === 'required';
    // Deliberately without `input.authsignal()`: the office network is the team's own risk decision, and
    // asking Authsignal would add a round trip, and a dependency on it being up, to every office sign-in
    // for an answer we would overrule. The trade-off: Authsignal's rules (BLOCK included) and its activity
    // log never see office sign-ins. Stopping someone is done in the user store (a disabled account),
    // which the server checks for every way in before any policy runs.
    if (fromOffice && !secondFactorAsked) return { kind: 'finish' };
    return this.elsewhere.decide(input);
  }
}
