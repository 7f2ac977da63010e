import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { withTimeout } from '../common/with-timeout.js';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';

/** A readiness probe must answer before the load balancer's own timeout, whatever the database does. */
const READY_TIMEOUT_MS = 2_000;

/** Liveness (the process answers) and readiness (it can reach its database) for load balancers. */
@Controller()
export class HealthController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get('health')
  @HttpCode(200)
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: string }> {
    try {
      await withTimeout(this.db.query('SELECT 1'), READY_TIMEOUT_MS, () => new Error(`no answer within ${READY_TIMEOUT_MS} ms`));
      return { status: 'ready' };
    } catch {
      res.status(503);
      return { status: 'database unavailable' };
    }
  }
}
