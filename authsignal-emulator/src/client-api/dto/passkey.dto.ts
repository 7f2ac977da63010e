import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { IsBoolean, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ACTION_CODE_PATTERN } from '../../common/authsignal.types.js';

/** Body of `POST /client/user-authenticators/passkey/registration-options` (the SDK never sends `displayName`). */
export class RegistrationOptionsDto {
  @IsOptional() @IsString() @MaxLength(255) username?: string;
  @IsOptional() @IsIn(['platform', 'cross-platform']) authenticatorAttachment?: 'platform' | 'cross-platform';
}

/**
 * Body of `POST /client/user-authenticators/passkey`. The credential is checked field by field by the WebAuthn
 * verification itself; any malformed part is an `invalid_credential`.
 */
export class AddPasskeyDto {
  @IsObject() registrationCredential: RegistrationResponseJSON;
  @IsOptional() @IsBoolean() conditionalCreate?: boolean;
  @IsString() @IsNotEmpty() challengeId: string;
}

/** Body of `POST /client/user-authenticators/passkey/authentication-options`. */
export class AuthenticationOptionsDto {
  @IsOptional() @IsString() challengeId?: string;
}

/** Body of `POST /client/verify/passkey`. */
export class VerifyPasskeyDto {
  @IsObject() authenticationCredential: AuthenticationResponseJSON;
  @IsOptional() @IsString() deviceId?: string;
  @IsString() @IsNotEmpty() challengeId: string;
}

/** Body of `POST /client/challenge` (`passkey.signIn({ action })`). */
export class NamedChallengeDto {
  @Matches(ACTION_CODE_PATTERN, { message: 'action must match ^[a-zA-Z0-9_-]{1,64}$' }) action: string;
}

/** Query of `GET /client/user-authenticators/passkey`: comma-joined base64url credential ids. */
export class PasskeyLookupDto {
  @IsString() @IsNotEmpty() @MaxLength(10_000) credentialIds: string;
}
