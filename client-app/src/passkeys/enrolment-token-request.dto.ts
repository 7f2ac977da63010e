import { IsString } from 'class-validator';

/**
 * The JSON body of `POST /passkeys/enrolment-token`: the page's CSRF token, under the same field name as in forms,
 * so the one double-submit check (`CsrfGuard`) covers this endpoint too.
 */
export class EnrolmentTokenRequest {
  @IsString()
  readonly _csrf: string;
}
