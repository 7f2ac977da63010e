import { IsString, MaxLength } from 'class-validator';

/** A logout token is a signed JWT of a few hundred bytes; anything far longer is not one. */
const MAX_LOGOUT_TOKEN_LENGTH = 16 * 1024;

/** What the identity server posts to the back-channel logout URI: the logout token alone. */
export class BackchannelLogoutForm {
  @IsString()
  @MaxLength(MAX_LOGOUT_TOKEN_LENGTH)
  readonly logout_token: string;
}
