import { Body, Controller, Get, Headers, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import type { ClientAuth } from '../common/emulator-request.js';
import { PasskeysService } from '../passkeys/passkeys.service.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import type { TokenClaims } from '../tokens/token.claims.js';
import { AllowTenantAuth, Client, ClientAuthGuard, ClientToken } from './client-auth.js';
import {
  AddPasskeyDto,
  AuthenticationOptionsDto,
  NamedChallengeDto,
  PasskeyLookupDto,
  RegistrationOptionsDto,
  VerifyPasskeyDto,
} from './dto/passkey.dto.js';

type TokenCaller = { tenant: TenantConfig; claims: TokenClaims };

/** Client API: passkeys (reference §3.2–3.8). */
@Controller('v1/client')
@UseGuards(ClientAuthGuard)
export class PasskeysController {
  constructor(private readonly passkeys: PasskeysService) {}

  @Post('user-authenticators/passkey/registration-options')
  @HttpCode(200)
  registrationOptions(@ClientToken() caller: TokenCaller, @Body() body: RegistrationOptionsDto) {
    return this.passkeys.registrationOptions(caller.tenant, caller.claims, body);
  }

  @Post('user-authenticators/passkey')
  @HttpCode(200)
  add(@ClientToken() caller: TokenCaller, @Body() body: AddPasskeyDto, @Headers('user-agent') userAgent?: string) {
    return this.passkeys.addAuthenticator(caller.tenant, caller.claims, body, userAgent);
  }

  @Post('user-authenticators/passkey/authentication-options')
  @HttpCode(200)
  @AllowTenantAuth()
  authenticationOptions(@Client() caller: ClientAuth, @Body() body: AuthenticationOptionsDto) {
    return this.passkeys.authenticationOptions(caller.tenant, caller.claims, body.challengeId);
  }

  @Post('verify/passkey')
  @HttpCode(200)
  @AllowTenantAuth()
  verify(@Client() caller: ClientAuth, @Body() body: VerifyPasskeyDto) {
    return this.passkeys.verify(caller.tenant, caller.claims, body);
  }

  @Post('challenge')
  @HttpCode(200)
  @AllowTenantAuth()
  challenge(@Client() caller: ClientAuth, @Body() body: NamedChallengeDto) {
    return this.passkeys.startNamedChallenge(caller.tenant, body.action);
  }

  @Get('user-authenticators/passkey')
  @AllowTenantAuth()
  lookup(@Client() caller: ClientAuth, @Query() query: PasskeyLookupDto) {
    return this.passkeys.lookup(caller.tenant, query.credentialIds.split(',').filter(Boolean));
  }
}
