import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
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
}
