import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { VERIFICATION_METHODS, type VerificationMethod } from '../../common/authsignal.types.js';

/** Body of `POST /users/{userId}/authenticators`: an authenticator the application has already verified. */
export class EnrollAuthenticatorDto {
  @IsIn(VERIFICATION_METHODS) verificationMethod: VerificationMethod;
  @IsOptional() @IsEmail() email?: string;
  @IsOptional() @IsString() phoneNumber?: string;
  @IsOptional() @IsBoolean() isDefault?: boolean;
  /** `otpauth://totp/...?secret=...` for AUTHENTICATOR_APP; a new secret is made when absent. */
  @IsOptional() @IsString() otpUri?: string;
  /** PASSKEY: credential id and COSE public key, base64url, and the signature counter. */
  @IsOptional() @IsString() credentialId?: string;
  @IsOptional() @IsString() publicKey?: string;
  @IsOptional() @IsInt() @Min(0) counter?: number;
  @IsOptional() @IsString() name?: string;
  /** PASSKEY: the authenticator model's AAGUID (zeros when absent, as from an authenticator that does not say); 16 bytes in UUID form, not always an RFC 4122 UUID. */
  @IsOptional() @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'aaguid must be 16 bytes in UUID form' }) aaguid?: string;
}
