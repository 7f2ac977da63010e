import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AuthenticatorAppService } from '../otp/authenticator-app.service.js';
import { EmailOtpService } from '../otp/email-otp.service.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import type { TokenClaims } from '../tokens/token.claims.js';
import { ClientAuthGuard, ClientToken } from './client-auth.js';
import { EmailChallengeDto, EmailEnrollDto, VerifyCodeDto } from './dto/otp.dto.js';

type TokenCaller = { tenant: TenantConfig; claims: TokenClaims };

/** Client API: authenticator app and email OTP (reference §3.9–3.10); every route needs a client token. */
@Controller('v1/client')
@UseGuards(ClientAuthGuard)
export class OtpController {
  constructor(
    private readonly authenticatorApp: AuthenticatorAppService,
    private readonly email: EmailOtpService,
  ) {}

  @Post('user-authenticators/totp')
  @HttpCode(200)
  enrollTotp(@ClientToken() caller: TokenCaller) {
    return this.authenticatorApp.enroll(caller.tenant, caller.claims);
  }

  @Post('verify/totp')
  @HttpCode(200)
  verifyTotp(@ClientToken() caller: TokenCaller, @Body() body: VerifyCodeDto) {
    return this.authenticatorApp.verify(caller.tenant, caller.claims, body.verificationCode);
  }

  @Post('user-authenticators/email-otp')
  @HttpCode(200)
  enrollEmail(@ClientToken() caller: TokenCaller, @Body() body: EmailEnrollDto) {
    return this.email.enroll(caller.tenant, caller.claims, body.email);
  }

  @Post('challenge/email-otp')
  @HttpCode(200)
  challengeEmail(@ClientToken() caller: TokenCaller, @Body() body: EmailChallengeDto) {
    return this.email.challenge(caller.tenant, caller.claims, body.userAuthenticatorId);
  }

  @Post('verify/email-otp')
  @HttpCode(200)
  verifyEmail(@ClientToken() caller: TokenCaller, @Body() body: VerifyCodeDto) {
    return this.email.verify(caller.tenant, caller.claims, body.verificationCode);
  }
}
