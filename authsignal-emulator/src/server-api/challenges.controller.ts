import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ServerChallengesService } from '../otp/server-challenges.service.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { ClaimChallengeDto, StartChallengeDto, VerifyChallengeDto } from './dto/challenge.dto.js';
import { QueryChallengesDto } from './dto/query.dto.js';
import { ServerTenant } from './server-tenant.decorator.js';

/** Server API: email OTP challenges driven by the application's server (reference §2.11). */
@Controller('v1')
export class ChallengesController {
  constructor(private readonly challenges: ServerChallengesService) {}

  @Post('challenge')
  @HttpCode(200)
  start(@ServerTenant() tenant: TenantConfig, @Body() body: StartChallengeDto) {
    return this.challenges.start(tenant, body);
  }

  @Post('verify')
  @HttpCode(200)
  verify(@ServerTenant() tenant: TenantConfig, @Body() body: VerifyChallengeDto) {
    return this.challenges.verify(tenant, body.challengeId, body.verificationCode);
  }

  @Post('claim')
  @HttpCode(200)
  claim(@ServerTenant() tenant: TenantConfig, @Body() body: ClaimChallengeDto) {
    return this.challenges.claim(tenant, body.challengeId, body.userId, body.skipVerificationCheck);
  }

  @Get('challenges')
  find(@ServerTenant() tenant: TenantConfig, @Query() query: QueryChallengesDto) {
    return this.challenges.find(tenant, query);
  }
}
