import { IsString, MaxLength } from 'class-validator';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { CSRF_FIELD } from '../common/web/csrf.js';

/** Posted by the login page's script after a passkey ceremony. The token's shape is checked with the token. */
export class PasskeyFormDto {
  @IsString()
  @MaxLength(INPUT_LIMITS.authsignalToken)
  token: string;

  @IsString()
  @MaxLength(INPUT_LIMITS.csrfToken)
  [CSRF_FIELD]: string;
}
