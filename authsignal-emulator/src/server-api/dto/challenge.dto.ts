import { IsBoolean, IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ACTION_CODE_PATTERN } from '../../common/authsignal.types.js';

/** Body of `POST /challenge` (node SDK `ChallengeRequest`). */
export class StartChallengeDto {
  @IsString() @IsNotEmpty() verificationMethod: string;
  @Matches(ACTION_CODE_PATTERN, { message: 'action must match ^[a-zA-Z0-9_-]{1,64}$' }) action: string;
  @IsOptional() @IsEmail() email?: string;
  @IsOptional() @IsString() phoneNumber?: string;
  @IsOptional() @IsString() userId?: string;
  @IsOptional() @IsString() scope?: string;
  @IsOptional() @IsString() @MaxLength(255) idempotencyKey?: string;
}

/** Body of `POST /verify`. */
export class VerifyChallengeDto {
  @IsString() @IsNotEmpty() challengeId: string;
  @IsString() @MaxLength(64) verificationCode: string;
}

/** Body of `POST /claim`. */
export class ClaimChallengeDto {
  @IsString() @IsNotEmpty() challengeId: string;
  @IsString() @IsNotEmpty() userId: string;
  @IsOptional() @IsBoolean() skipVerificationCheck?: boolean;
}
