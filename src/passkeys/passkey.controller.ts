import { Body, Controller, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import { PASSKEY } from '../oidc/authentication-context.js';
import { IdentityServerMetrics } from '../metrics/identity-server-metrics.js';
import { Interaction, type InteractionDetails, PromptForm } from '../oidc/interaction.decorators.js';
import { InteractionExceptionFilter } from '../oidc/interaction-exception.filter.js';
import { InteractionGuard } from '../oidc/interaction.guard.js';
import { Circumstances, type SignInCircumstances } from '../oidc/sign-in-circumstances.js';
import { SignInFlow } from '../oidc/sign-in-flow.service.js';
import { CredentialThrottle } from '../rate-limit/credential-throttle.service.js';
import { PasskeyFormDto } from './passkey-form.dto.js';
import { PasskeySignInService } from './passkey-sign-in.service.js';

/**
 * Passkey sign-in: the login page's script posts the token Authsignal returned, with the page's CSRF
 * token, so the token never appears in a URL and another site cannot sign this browser in. Refused
 * tokens count against the address like failed passwords do.
 */
@Controller('interaction/:uid/passkey')
@UseGuards(InteractionGuard)
@UseFilters(InteractionExceptionFilter)
export class PasskeyController {
  constructor(
    private readonly passkeys: PasskeySignInService,
    private readonly flow: SignInFlow,
    private readonly throttle: CredentialThrottle,
    private readonly metrics: IdentityServerMetrics,
  ) {}

  @PromptForm('login')
  async signInWithPasskey(
    @Interaction() interaction: InteractionDetails,
    @Body() form: PasskeyFormDto,
    @Circumstances() circumstances: SignInCircumstances,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const account = await this.metrics.signInAttempt('passkey', () => this.checkedPasskey(form.token, circumstances.ipAddress));
    await this.flow.proven(req, res, interaction, { accountId: account.id, context: PASSKEY }, circumstances);
  }

  /** The token, counted against the address's limit unless it proves the passkey sign-in. */
  private async checkedPasskey(token: unknown, ipAddress: string) {
    const attempt = await this.throttle.begin(ipAddress);
    const account = await this.passkeys.complete(token).catch(async (error: unknown) => {
      // Only a refused token counts; an outage is not the browser's attempt.
      if (!(error instanceof ChallengeRejectedError)) await attempt.release();
      throw error;
    });
    await attempt.succeeded();
    return account;
  }
}
