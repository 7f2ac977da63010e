import { IsBoolean, IsObject, IsOptional, IsString } from 'class-validator';
import type { CustomData } from '../../common/authsignal.types.js';

/** Body of `PATCH /users/{userId}` (node SDK `UserAttributes`): omitted fields stay as they are. */
export class UpdateUserDto {
  @IsOptional() @IsString() email?: string;
  @IsOptional() @IsBoolean() emailVerified?: boolean;
  @IsOptional() @IsString() phoneNumber?: string;
  @IsOptional() @IsBoolean() phoneNumberVerified?: boolean;
  @IsOptional() @IsString() username?: string;
  @IsOptional() @IsString() displayName?: string;
  @IsOptional() @IsObject() custom?: CustomData;
  @IsOptional() @IsString() locale?: string;
}
