import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ExpectPrompt, Interaction, type InteractionDetails } from './interaction.decorators.js';
import { InteractionExceptionFilter } from './interaction-exception.filter.js';
import { InteractionGuard } from './interaction.guard.js';
import { SignInService } from './sign-in.service.js';

/**
 * The second step: a page that continues to Authsignal's pre-built UI, and the callback it returns to.
 * The callback is bound to the interaction and this browser's interaction cookie (guard); it takes no
 * return URL, and its `token` must complete the challenge tracked for this very interaction.
 */
@Controller('interaction/:uid/mfa')
@UseGuards(InteractionGuard)
@UseFilters(InteractionExceptionFilter)
export class MfaInteractionController {
  constructor(private readonly signIn: SignInService) {}

  /**
   * Reached by redirect after the password post. A page with a link (followed by a script) rather than a
   * redirect, because the login page's CSP `form-action` covers the redirects of its form and the
   * pre-built UI lives on Authsignal's origin.
   */
  @Get()
  @ExpectPrompt('login')
  async continue(@Interaction() interaction: InteractionDetails, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.render('mfa-continue', { title: 'Verify it’s you', challengeUrl: await this.signIn.pendingChallengeUrl(req, interaction.uid) });
  }

  @Get('callback')
  @ExpectPrompt('login')
  async callback(@Interaction() interaction: InteractionDetails, @Query('token') token: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.signIn.challengeReturned(req, res, interaction.uid, token);
  }
}
