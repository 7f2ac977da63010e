import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';

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
      await this.db.query('SELECT 1');
      return { status: 'ready' };
    } catch {
      res.status(503);
      return { status: 'database unavailable' };
    }
  }
}
