import { ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import { ACR, AMR, type AuthenticationContext, withMethods } from '../oidc/authentication-context.js';

/** Authsignal's verification methods as RFC 8176 methods; an unknown one still counts as a second factor. */
const METHOD_AMR: Record<string, string> = {
  AUTHENTICATOR_APP: AMR.oneTimeCode,
  EMAIL_OTP: AMR.oneTimeCode,
  SMS: AMR.sms,
  PASSKEY: AMR.hardwareKey,
  SECURITY_KEY: AMR.hardwareKey,
};

/**
 * What earlier steps proved, plus a second factor by `verificationMethod`: e.g. `["pwd"]` becomes
 * `["pwd", "mfa", "otp"]`. A second email code after an email-code sign-in proves the same mailbox
 * twice, not two factors: refused (the pre-built UI offers every method the user has).
 */
export function withSecondFactor(context: AuthenticationContext, verificationMethod: string | undefined): AuthenticationContext {
  if (context.acr === ACR.emailCode && verificationMethod === 'EMAIL_OTP') {
    throw new ChallengeRejectedError('an email code cannot be the second factor of an email-code sign-in');
  }
  const method = verificationMethod ? METHOD_AMR[verificationMethod] : undefined;
  return withMethods(context, [AMR.multiFactor, ...(method ? [method] : [])]);
}
