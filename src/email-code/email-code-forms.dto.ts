import { IsString, MaxLength } from 'class-validator';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { CSRF_FIELD } from '../common/web/csrf.js';

/** "Email me a code": a username or an address. Empty means "ask for it" (the login page's script fills it in). */
export class EmailCodeRequestDto {
  @IsString()
  @MaxLength(INPUT_LIMITS.username)
  identifier: string = '';

  @IsString()
  @MaxLength(INPUT_LIMITS.csrfToken)
  [CSRF_FIELD]: string;
}

/** The code as typed: spaces and dashes are the person's, the digits Authsignal's. */
export class EmailCodeDto {
  @IsString()
  @MaxLength(INPUT_LIMITS.oneTimeCode)
  code: string = '';

  @IsString()
  @MaxLength(INPUT_LIMITS.csrfToken)
  [CSRF_FIELD]: string;
}

/** "Send a new code": nothing but the form's token. */
export class EmailCodeResendDto {
  @IsString()
  @MaxLength(INPUT_LIMITS.csrfToken)
  [CSRF_FIELD]: string;
}
