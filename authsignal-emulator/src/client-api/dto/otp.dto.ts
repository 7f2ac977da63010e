import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of `POST /client/verify/totp` and `/client/verify/email-otp`; a malformed code is just a wrong code. */
export class VerifyCodeDto {
  @IsString() @MaxLength(64) verificationCode: string;
}

/** Body of `POST /client/user-authenticators/email-otp`. */
export class EmailEnrollDto {
  @IsEmail() email: string;
}

/** Body of `POST /client/challenge/email-otp`: the SDK sends none; the API docs allow an authenticator id. */
export class EmailChallengeDto {
  @IsOptional() @IsString() userAuthenticatorId?: string;
}
