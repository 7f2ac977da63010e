import { Body, Controller, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PASSWORD_ONLY } from '../oidc/authentication-context.js';
import { IdentityServerMetrics } from '../metrics/identity-server-metrics.js';
import { Interaction, type InteractionDetails, PromptForm } from '../oidc/interaction.decorators.js';
import { InteractionExceptionFilter } from '../oidc/interaction-exception.filter.js';
import { InteractionGuard } from '../oidc/interaction.guard.js';
import { Circumstances, type SignInCircumstances } from '../oidc/sign-in-circumstances.js';
import { SignInFlow } from '../oidc/sign-in-flow.service.js';
import { LoginFormDto } from './login-form.dto.js';
import { PasswordCheck } from './password-check.service.js';

/** The password step: the posted form only, checked by the user store, then whatever the flow asks for next. */
@Controller('interaction/:uid')
@UseGuards(InteractionGuard)
@UseFilters(InteractionExceptionFilter)
export class LoginController {
  constructor(
    private readonly passwords: PasswordCheck,
    private readonly flow: SignInFlow,
    private readonly metrics: IdentityServerMetrics,
  ) {}

  @PromptForm('login', 'login')
  async login(
    @Interaction() interaction: InteractionDetails,
    @Body() form: LoginFormDto,
    @Circumstances() circumstances: SignInCircumstances,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const account = await this.metrics.signInAttempt('password', () => this.passwords.verify(form, { ipAddress: circumstances.ipAddress, interactionUid: interaction.uid }));
    await this.flow.proven(req, res, interaction, { accountId: account.id, account, context: PASSWORD_ONLY }, circumstances);
  }
}
