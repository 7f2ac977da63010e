import { Body, Controller, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import { CsrfGuard } from '../common/web/csrf.js';
import { LoginThrottle } from '../login/login-throttle.service.js';
import { PasskeyFormDto } from '../passkeys/passkey-form.dto.js';
import { PasskeySignInService } from '../passkeys/passkey-sign-in.service.js';
import { ExpectPrompt, Interaction, type InteractionDetails } from './interaction.decorators.js';
import { InteractionExceptionFilter } from './interaction-exception.filter.js';
import { InteractionGuard } from './interaction.guard.js';
import { SignInService } from './sign-in.service.js';

/**
 * Passkey sign-in: the login page's script posts the token Authsignal returned, with the page's CSRF
 * token, so the token never appears in a URL and another site cannot sign this browser in. Refused
 * tokens count against the address like failed passwords do.
 */
@Controller('interaction/:uid/passkey')
@UseGuards(InteractionGuard)
@UseFilters(InteractionExceptionFilter)
export class PasskeyInteractionController {
  constructor(
    private readonly passkeys: PasskeySignInService,
    private readonly signIn: SignInService,
    private readonly throttle: LoginThrottle,
  ) {}

  @Post()
  @ExpectPrompt('login')
  @UseGuards(CsrfGuard)
  async signInWithPasskey(@Interaction() interaction: InteractionDetails, @Body() form: PasskeyFormDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const attempt = await this.throttle.begin(req.ip ?? 'unknown');
    const passkeySignIn = await this.passkeys.complete(form.token).catch(async (error: unknown) => {
      // Only a refused token counts; an Authsignal outage is not the browser's attempt.
      if (!(error instanceof ChallengeRejectedError)) await attempt.release();
      throw error;
    });
    await attempt.succeeded();
    await this.signIn.passkeyVerified(req, res, interaction.uid, passkeySignIn);
  }
}
