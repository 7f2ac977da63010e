import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Redirect, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CsrfGuard } from '../../../src/common/web/csrf.js';
import type { SignedInUser } from '../auth/auth-session.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { SignInService } from '../auth/sign-in.service.js';
import type { ClientAppConfig } from '../config/client-app-config.js';
import { CLIENT_APP_CONFIG } from '../config/client-app-config.constants.js';
import { EnrolmentTokenRequest } from './enrolment-token-request.dto.js';
import { PasskeysApiErrorFilter } from './passkeys-api.filter.js';
import { ReauthenticationFailedError } from './passkeys.errors.js';
import { PasskeysService, type RequestContext } from './passkeys.service.js';
import { enrolmentUsername, noticeFor, passkeyRows } from './passkeys.view-model.js';
import { PasskeyParams, RemovePasskeyForm } from './remove-passkey.dto.js';

export const PASSKEYS_PATH = '/passkeys';
/**
 * Where a re-authentication returns to. The flag marks "the identity server was just asked for a recent sign-in":
 * if the sign-in is still not recent, the page explains instead of sending the browser round again (no loop).
 */
export const REAUTHENTICATED_PATH = `${PASSKEYS_PATH}?reauthenticated=1`;

/** The signed-in user's passkeys: list, add (in the browser, with a token minted here), remove. */
@Controller('passkeys')
export class PasskeysController {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly signIn: SignInService,
    @Inject(CLIENT_APP_CONFIG) private readonly config: ClientAppConfig,
  ) {}

  @Get()
  async page(
    @CurrentUser() user: SignedInUser,
    @Req() req: Request,
    @Res() res: Response,
    @Query('reauthenticated') reauthenticated?: unknown,
    @Query('notice') notice?: unknown,
  ): Promise<void> {
    if (!this.passkeys.mayChangePasskeys(user)) {
      if (reauthenticated !== undefined) throw new ReauthenticationFailedError();
      // Step-up: a fresh sign-in, at a level that may change passkeys.
      return res.redirect(await this.signIn.start(req, REAUTHENTICATED_PATH, { maxAge: this.passkeys.recentSignInSeconds, acrValues: this.passkeys.requiredAcr }));
    }
    // Back from re-authenticating: drop the flag, so a reload later re-authenticates again rather than failing.
    if (reauthenticated !== undefined) return res.redirect(303, PASSKEYS_PATH);

    const [token, passkeys] = await Promise.all([this.passkeys.enrolmentToken(user, requestContext(req)), this.passkeys.list(user)]);
    res.render('passkeys', {
      title: 'Your passkeys',
      notice: noticeFor(notice),
      passkeys: passkeyRows(passkeys),
      enrolment: {
        token,
        tenantId: this.config.authsignal.tenantId,
        baseUrl: this.config.authsignal.apiUrl,
        username: enrolmentUsername(user),
        displayName: user.displayName,
      },
    });
  }

  /** A fresh enrolment token for the page's script, when the one in the page has expired (they live ~10 minutes). */
  @Post('enrolment-token')
  @HttpCode(200)
  @UseFilters(PasskeysApiErrorFilter)
  @UseGuards(CsrfGuard)
  async enrolmentToken(@CurrentUser() user: SignedInUser, @Req() req: Request, @Body() _body: EnrolmentTokenRequest): Promise<{ token: string }> {
    return { token: await this.passkeys.enrolmentToken(user, requestContext(req)) };
  }

  // 303: the browser follows a redirect after a form post with a GET.
  @Post(':passkeyId/remove')
  @UseGuards(CsrfGuard)
  @Redirect(undefined, 303)
  async remove(@CurrentUser() user: SignedInUser, @Param() params: PasskeyParams, @Body() _form: RemovePasskeyForm): Promise<{ url: string }> {
    await this.passkeys.remove(user, params.passkeyId);
    return { url: `${PASSKEYS_PATH}?notice=removed` };
  }
}

function requestContext(req: Request): RequestContext {
  return { ipAddress: req.ip, userAgent: req.get('user-agent') };
}
