import { IsString, MaxLength } from 'class-validator';
import { CSRF_FIELD } from '../common/web/csrf.js';

/** The consent and cancel forms carry nothing but their CSRF token. */
export class ConsentFormDto {
  @IsString()
  @MaxLength(512)
  [CSRF_FIELD]: string;
}
