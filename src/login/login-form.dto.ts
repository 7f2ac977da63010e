import { IsString, MaxLength } from 'class-validator';
import { CSRF_FIELD } from '../common/web/csrf.js';
import { INPUT_LIMITS } from '../common/input-limits.js';

/**
 * The posted login form: the only place the password step reads its input from (never the query
 * string). An empty or missing field is one more wrong credential, answered like any other.
 */
export class LoginFormDto {
  @IsString()
  @MaxLength(INPUT_LIMITS.username)
  username: string = '';

  @IsString()
  @MaxLength(INPUT_LIMITS.password)
  password: string = '';

  @IsString()
  @MaxLength(INPUT_LIMITS.csrfToken)
  [CSRF_FIELD]: string;
}
