import { IsString, MaxLength } from 'class-validator';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { CSRF_FIELD } from '../common/web/csrf.js';

/** The consent and cancel forms carry nothing but their CSRF token. */
export class ConsentFormDto {
  @IsString()
  @MaxLength(INPUT_LIMITS.csrfToken)
  [CSRF_FIELD]: string;
}
