import { IsBoolean, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CustomData } from '../../common/authsignal.types.js';
import { IsHttpUrl } from '../../common/validators.js';

/** Body of `POST /users/{userId}/actions/{action}` (node SDK `TrackAttributes`); unknown fields are ignored. */
export class TrackDto {
  @IsOptional() @IsString() @MaxLength(255) idempotencyKey?: string;
  @IsOptional() @IsHttpUrl() @MaxLength(2048) redirectUrl?: string;
  @IsOptional() @IsBoolean() redirectToSettings?: boolean;
  @IsOptional() @IsString() ipAddress?: string;
  @IsOptional() @IsString() userAgent?: string;
  @IsOptional() @IsString() deviceId?: string;
  /** Space-separated scopes, e.g. `add:authenticators`. */
  @IsOptional() @IsString() scope?: string;
  @IsOptional() @IsString() email?: string;
  @IsOptional() @IsString() phoneNumber?: string;
  @IsOptional() @IsString() username?: string;
  @IsOptional() @IsObject() custom?: CustomData;
  @IsOptional() @IsString() challengeId?: string;
  @IsOptional() @IsString() locale?: string;
  @IsOptional() @IsString() customDomain?: string;
}
