import type { AuthenticationContext } from '../oidc/authentication-context.js';
import type { RequestedAuthentication } from '../oidc/requested-authentication.js';
import type { SignInCircumstances } from '../oidc/sign-in-circumstances.js';
import type { Account } from '../users/user-store.js';

/** Injection token of the `MfaPolicy` port. */
export const MFA_POLICY = Symbol('MFA_POLICY');

/**
 * A client's MFA setting (`mfa` in `OIDC_CLIENTS_FILE`; `authsignal` when absent):
 * - `required`: every sign-in to this client has a second factor (a user without one enrols first),
 *   even where Authsignal's rules would allow the password alone;
 * - `authsignal`: Authsignal's rules decide; a user without a second factor enrols one when
 *   `MFA_ENROLMENT=required` (the default);
 * - `optional`: Authsignal's rules decide for users who have a second factor; nobody is made to enrol.
 * Whatever the setting, a client that asks for the multi-factor acr gets a second factor.
 */
export const CLIENT_MFA_SETTINGS = ['required', 'authsignal', 'optional'] as const;
export type ClientMfaSetting = (typeof CLIENT_MFA_SETTINGS)[number];

/** Authsignal's answer for this sign-in: its rules' state (`ALLOW`, `CHALLENGE_REQUIRED`, `BLOCK`, …) and whether the user has a second factor. */
export interface AuthsignalAssessment {
  state: string;
  isEnrolled: boolean;
}

/** Everything a policy may look at. */
export interface MfaPolicyInput {
  account: Account;
  client: { id: string; metadata: Record<string, unknown>; mfa: ClientMfaSetting };
  /** What the client asked for (`acr_values`, an essential `acr` claim, `max_age`). */
  requested: RequestedAuthentication;
  /** Whether the multi-factor acr is among the values the client asked for. */
  wantsMultiFactor: boolean;
  /** How the user has signed in so far: the password, or an email code (`acr` `urn:nest-identity:acr:email-code`). */
  context: AuthenticationContext;
  circumstances: SignInCircumstances;
  /**
   * Tracks the sign-in in Authsignal and returns its answer. Called at most once per sign-in however often
   * it is asked for; a policy that never calls it saves the call (and Authsignal's rules never see it).
   */
  authsignal(): Promise<AuthsignalAssessment>;
}

/**
 * - `finish`: the password suffices;
 * - `challenge`: a second factor in Authsignal's pre-built UI (a user without one enrols one there);
 * - `refuse`: no sign-in, with a reason for the log (the browser gets one generic page).
 */
export type MfaDecision = { kind: 'finish' } | { kind: 'challenge' } | { kind: 'refuse'; reason: string };

/**
 * What a sign-in needs after the password: the **MFA policy port**. The default,
 * `StandardMfaPolicy`, follows the client's setting, the requested acr and Authsignal's rules. A team
 * with rules of its own ("no second factor from the office network", "always for the payroll app")
 * provides a class in `IdentityServerModule.forRoot({ mfaPolicy })`, often wrapping the default. A sign-in
 * that already meets the multi-factor level (a passkey) never reaches the policy.
 */
export interface MfaPolicy {
  decide(input: MfaPolicyInput): Promise<MfaDecision>;
}
