import { Body, Controller, Get, Header, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import QRCode from 'qrcode';
import { ApiError, Errors } from '../common/api-error.js';
import { QrCodeDto } from './qr-code.dto.js';
import { PrebuiltService } from './prebuilt.service.js';

const SCRIPTS = ['/sdk/authsignal-browser.min.js', '/assets/js/prebuilt.js'];

/**
 * The pre-built UI at the `url` that track returns: `/prebuilt/?token=…[&mode=popup][&force_enrollment=true]`.
 * Server-rendered; the page script drives the client API with @authsignal/browser like the real UI does.
 */
@Controller('prebuilt')
export class PrebuiltController {
  constructor(private readonly prebuilt: PrebuiltService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  page(
    @Res() response: Response,
    @Query('token') token?: string,
    @Query('mode') mode?: string,
    @Query('force_enrollment') forceEnrollment?: string,
  ): void {
    const popup = mode === 'popup';
    const bodyClass = popup ? 'prebuilt prebuilt-popup' : 'prebuilt';
    try {
      if (typeof token !== 'string' || token.length === 0) throw Errors.invalidToken('This link has no token.');
      const page = this.prebuilt.page(token, popup ? 'popup' : 'redirect', forceEnrollment === 'true');
      response.render('prebuilt', {
        title: 'Verify it’s you',
        bodyClass,
        scripts: SCRIPTS,
        rpName: page.tenant.rpName,
        configJson: JSON.stringify(page.config),
        challengeChoices: page.challengeChoices,
        enrollChoices: page.enrollChoices,
        email: page.config.email,
        popup,
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const expired = error.code === 'expired_token';
      const refused = error.code === 'action_not_allowed';
      // In popup mode the page reports the error to the application (`onError`) and offers to close.
      const config = {
        mode: popup ? 'popup' : 'redirect',
        error: { errorCode: error.code, statusCode: error.status },
        messageOrigins: typeof token === 'string' ? this.prebuilt.originsForUnverifiedToken(token) : [],
      };
      response.status(error.status).render('prebuilt-error', {
        title: expired ? 'Link expired' : refused ? 'Not allowed' : 'Link not valid',
        bodyClass,
        scripts: SCRIPTS.slice(1),
        heading: expired ? 'This link has expired' : refused ? 'This sign-in can’t continue' : 'This link is not valid',
        message: expired
          ? 'For your security, verification links last a few minutes. Go back to the application and try again.'
          : refused
            ? 'It was blocked or needs a review. Go back to the application.'
            : 'Go back to the application and start again.',
        configJson: JSON.stringify(config),
        popup,
      });
    }
  }

  /** Where the page goes once verified (redirect mode): back to the tracked `redirectUrl` with the new token. */
  @Get('complete')
  @Header('Cache-Control', 'no-store')
  complete(@Res() response: Response, @Query('token') token?: string): void {
    if (typeof token !== 'string' || token.length === 0) throw Errors.invalidToken('This link has no token.');
    const { url } = this.prebuilt.redirectTarget(token);
    if (url) {
      response.redirect(303, url);
      return;
    }
    response.render('prebuilt-done', { title: 'Verified', bodyClass: 'prebuilt', heading: 'You’re verified', message: 'You can close this window.' });
  }

  /** The authenticator-app QR code, drawn here because the page may not load a QR library from elsewhere. */
  @Post('qr-code')
  @HttpCode(200)
  async qrCode(@Body() body: QrCodeDto) {
    return { dataUrl: await QRCode.toDataURL(body.uri, { margin: 1, width: 200, errorCorrectionLevel: 'M' }) };
  }
}
