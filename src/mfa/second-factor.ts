import { AMR, type AuthenticationContext, withMethods } from '../oidc/authentication-context.js';

/** Authsignal's verification methods as RFC 8176 methods; an unknown one still counts as a second factor. */
const METHOD_AMR: Record<string, string> = {
  AUTHENTICATOR_APP: AMR.oneTimeCode,
  EMAIL_OTP: AMR.oneTimeCode,
  SMS: AMR.sms,
  PASSKEY: AMR.hardwareKey,
  SECURITY_KEY: AMR.hardwareKey,
};

/** What earlier steps proved, plus a second factor by `verificationMethod`: e.g. `["pwd"]` becomes `["pwd", "mfa", "otp"]`. */
export function withSecondFactor(context: AuthenticationContext, verificationMethod: string | undefined): AuthenticationContext {
  const method = verificationMethod ? METHOD_AMR[verificationMethod] : undefined;
  return withMethods(context, [AMR.multiFactor, ...(method ? [method] : [])]);
}
