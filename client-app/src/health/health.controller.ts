import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { OidcClientService } from '../auth/oidc-client.service.js';
import { Public } from '../auth/public.decorator.js';

/** Probes for orchestrators: JSON, public, never cached. */
@Public()
@Controller()
export class HealthController {
  constructor(private readonly oidc: OidcClientService) {}

  /** Liveness: the process answers. */
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  /** Readiness: nobody can sign in while the identity server's discovery document is out of reach. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    if (await this.oidc.isReachable()) return { status: 'ready' };
    res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'unavailable', reason: 'identity server discovery failed' };
  }
}
