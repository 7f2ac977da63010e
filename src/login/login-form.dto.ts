import { IsString, MaxLength } from 'class-validator';
import { CSRF_FIELD } from '../common/web/csrf.js';
import { LOGIN_FORM_LIMITS } from './login.page.js';

/**
 * The posted login form: the only place the password step reads its input from (never the query
 * string). An empty or missing field is one more wrong credential, answered like any other.
 */
export class LoginFormDto {
  @IsString()
  @MaxLength(LOGIN_FORM_LIMITS.usernameLength)
  username: string = '';

  @IsString()
  @MaxLength(LOGIN_FORM_LIMITS.passwordLength)
  password: string = '';

  @IsString()
  @MaxLength(512)
  [CSRF_FIELD]: string;
}
