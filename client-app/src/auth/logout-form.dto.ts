import { IsString } from 'class-validator';

/** The sign-out form: nothing but its CSRF token (checked by `CsrfGuard` before validation runs). */
export class LogoutForm {
  @IsString()
  readonly _csrf: string;
}
