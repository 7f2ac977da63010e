import { Body, Controller, Get, Inject, Post, Query, Redirect, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CsrfGuard } from '../../../src/common/web/csrf.js';
import type { ClientAppConfig } from '../config/client-app-config.js';
import { ClientAppMetrics } from '../metrics/client-app-metrics.js';
import { CLIENT_APP_CONFIG } from '../config/client-app-config.constants.js';
import { LogoutForm } from './logout-form.dto.js';
import { Public } from './public.decorator.js';
import { sessionCookieName } from './session.middleware.js';
import { SignInService } from './sign-in.service.js';

interface RedirectTo {
  url: string;
}

/** Sign-in and sign-out. Public: these are how a browser gets (or stops being) signed in. */
@Public()
@Controller()
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    @Inject(CLIENT_APP_CONFIG) private readonly config: ClientAppConfig,
    private readonly metrics: ClientAppMetrics,
  ) {}

  @Get('login')
  @Redirect()
  async login(@Req() req: Request, @Query('returnTo') returnTo?: unknown): Promise<RedirectTo> {
    return { url: await this.signIn.start(req, returnTo) };
  }

  @Get('callback')
  @Redirect()
  async callback(@Req() req: Request): Promise<RedirectTo> {
    return { url: await this.metrics.signIn(() => this.signIn.complete(req)) };
  }

  // 303: the browser follows a redirect after a form post with a GET.
  @Post('logout')
  @UseGuards(CsrfGuard)
  @Redirect(undefined, 303)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() _form: LogoutForm): Promise<RedirectTo> {
    const url = await this.signIn.signOut(req);
    res.clearCookie(sessionCookieName(this.config), { path: '/' });
    return { url };
  }
}
