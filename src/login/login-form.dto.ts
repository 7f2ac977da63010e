import { IsString, MaxLength } from 'class-validator';
import { CSRF_FIELD } from '../common/web/csrf.js';

/** The posted login form. Limits are generous: the strategy gives one generic answer for anything wrong. */
export class LoginFormDto {
  @IsString()
  @MaxLength(256)
  username: string;

  @IsString()
  @MaxLength(1024)
  password: string;

  @IsString()
  @MaxLength(512)
  [CSRF_FIELD]: string;
}
