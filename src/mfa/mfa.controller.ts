import { Controller, Get, Inject, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { BRANDING, type Branding } from '../branding/branding.js';
import type { Request, Response } from 'express';
import { ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import { IdentityServerMetrics } from '../metrics/identity-server-metrics.js';
import { ExpectPrompt, Interaction, type InteractionDetails } from '../oidc/interaction.decorators.js';
import { InteractionUnavailableError } from '../oidc/interaction.errors.js';
import { InteractionExceptionFilter } from '../oidc/interaction-exception.filter.js';
import { InteractionGuard } from '../oidc/interaction.guard.js';
import { Circumstances, type SignInCircumstances } from '../oidc/sign-in-circumstances.js';
import { SignInFlow } from '../oidc/sign-in-flow.service.js';
import { MfaChallengeRepository } from './mfa-challenge.repository.js';
import { MfaService } from './mfa.service.js';
import { withSecondFactor } from './second-factor.js';

/**
 * The second step: the callback Authsignal's pre-built UI returns to, and a page that continues to that
 * UI when the browser cannot be redirected there directly. Both belong to the interaction and to the
 * browser that passed the step before (the flow checks its binding); the callback takes no return URL,
 * and its `token` must complete the challenge tracked for this very interaction.
 */
@Controller('interaction/:uid/mfa')
@UseGuards(InteractionGuard)
@UseFilters(InteractionExceptionFilter)
export class MfaController {
  constructor(
    private readonly flow: SignInFlow,
    private readonly challenges: MfaChallengeRepository,
    private readonly mfa: MfaService,
    @Inject(BRANDING) private readonly branding: Branding,
    private readonly metrics: IdentityServerMetrics,
  ) {}

  /**
   * Reached by redirect after the password post when the pre-built UI is on an origin the login page's
   * CSP `form-action` does not list (see `MfaFollowUp`): a page with a link (followed by a script),
   * since browsers apply that policy to the redirects of the form.
   */
  @Get()
  @ExpectPrompt('login')
  async continue(@Interaction() interaction: InteractionDetails, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.flow.provenSoFar(req, interaction.uid);
    const challenge = await this.challenges.find(interaction.uid);
    if (!challenge) throw new InteractionUnavailableError('no challenge pending');
    res.render('mfa-continue', { title: this.branding.messages.mfa.title, challengeUrl: challenge.url });
  }

  @Get('callback')
  @ExpectPrompt('login')
  async callback(
    @Interaction() interaction: InteractionDetails,
    @Query('token') token: unknown,
    @Circumstances() circumstances: SignInCircumstances,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // Without a password step there is no challenge: the same refusal as any other token that proves nothing.
    const challenge = await this.challenges.find(interaction.uid);
    if (!challenge) throw new ChallengeRejectedError('no password step passed in this interaction');
    const proven = await this.flow.provenSoFar(req, interaction.uid);
    const { verificationMethod } = await this.metrics.signInAttempt('second_factor', () =>
      this.mfa.complete(token, { accountId: proven.accountId, idempotencyKey: challenge.idempotencyKey }),
    );
    await this.challenges.take(interaction.uid);
    await this.flow.proven(req, res, interaction, { accountId: proven.accountId, context: withSecondFactor(proven.context, verificationMethod) }, circumstances);
  }
}
