import { IsString, Matches } from 'class-validator';

/**
 * Authsignal authenticator ids are UUIDs; anything outside this shape never reaches the SDK, which puts the id
 * into a URL path unescaped.
 */
const PASSKEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** The path of `POST /passkeys/:passkeyId/remove`. */
export class PasskeyParams {
  @Matches(PASSKEY_ID_PATTERN)
  readonly passkeyId: string;
}

/** The remove form: nothing but its CSRF token (checked by `CsrfGuard` before validation runs). */
export class RemovePasskeyForm {
  @IsString()
  readonly _csrf: string;
}
