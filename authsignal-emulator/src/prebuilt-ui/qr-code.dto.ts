import { Matches, MaxLength } from 'class-validator';

/** Body of `POST /prebuilt/qr-code`: only otpauth URIs are drawn. */
export class QrCodeDto {
  @Matches(/^otpauth:\/\/totp\//, { message: 'uri must be an otpauth://totp/ URI' })
  @MaxLength(1024)
  uri: string;
}
