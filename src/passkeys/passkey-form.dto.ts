import { IsString, MaxLength } from 'class-validator';
import { CSRF_FIELD } from '../common/web/csrf.js';

/** Posted by the login page's script after a passkey ceremony. The token's shape is checked with the token. */
export class PasskeyFormDto {
  @IsString()
  @MaxLength(8192)
  token: string;

  @IsString()
  @MaxLength(512)
  [CSRF_FIELD]: string;
}
