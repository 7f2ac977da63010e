import { Body, Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IdentityServerMetrics } from '../metrics/identity-server-metrics.js';
import { EMAIL_CODE } from '../oidc/authentication-context.js';
import { ExpectPrompt, Interaction, type InteractionDetails, PromptForm } from '../oidc/interaction.decorators.js';
import { InteractionExceptionFilter } from '../oidc/interaction-exception.filter.js';
import { InteractionGuard } from '../oidc/interaction.guard.js';
import { Circumstances, type SignInCircumstances } from '../oidc/sign-in-circumstances.js';
import { SignInFlow } from '../oidc/sign-in-flow.service.js';
import { EmailCodeDto, EmailCodeRequestDto, EmailCodeResendDto } from './email-code-forms.dto.js';
import { EmailCodeRefusedError } from './email-code.errors.js';
import { EmailCodePage } from './email-code.page.js';
import { EmailCodeSignIn } from './email-code-sign-in.service.js';

/**
 * Sign-in with an email code, at the login prompt: ask for a code (from the login page, or this step's
 * own page when no username came with it), type it, and the flow goes on as after any first step.
 * Every post carries the page's CSRF token and passes the origin check; the code belongs to the browser
 * that asked for it.
 */
@Controller('interaction/:uid/email-code')
@UseGuards(InteractionGuard)
@UseFilters(InteractionExceptionFilter)
export class EmailCodeController {
  constructor(
    private readonly emailCodes: EmailCodeSignIn,
    private readonly page: EmailCodePage,
    private readonly flow: SignInFlow,
    private readonly metrics: IdentityServerMetrics,
  ) {}

  /** The code form for the code this browser asked for; the identifier form when it asked for none. */
  @Get()
  @ExpectPrompt('login')
  async show(@Interaction() interaction: InteractionDetails, @Query('sent') sent: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const pending = await this.emailCodes.pending(req, interaction.uid);
    if (!pending) return this.page.renderStart(interaction, req, res);
    this.page.renderEntry(interaction.uid, req, res, { ...pending, resent: sent === 'again' });
  }

  @PromptForm('login')
  async request(
    @Interaction() interaction: InteractionDetails,
    @Body() form: EmailCodeRequestDto,
    @Circumstances() circumstances: SignInCircumstances,
    @Res() res: Response,
    @Req() req: Request,
  ): Promise<void> {
    const identifier = form.identifier.trim();
    if (identifier === '') return this.page.renderStart(interaction, req, res);
    await this.emailCodes.send(identifier, { interactionUid: interaction.uid, circumstances }, res);
    res.redirect(303, `/interaction/${encodeURIComponent(interaction.uid)}/email-code`);
  }

  @PromptForm('login', 'resend')
  async resend(
    @Interaction() interaction: InteractionDetails,
    @Body() _form: EmailCodeResendDto,
    @Circumstances() circumstances: SignInCircumstances,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.emailCodes.resend(req, { interactionUid: interaction.uid, circumstances }, res);
    res.redirect(303, `/interaction/${encodeURIComponent(interaction.uid)}/email-code?sent=again`);
  }

  @PromptForm('login', 'verify')
  async verify(
    @Interaction() interaction: InteractionDetails,
    @Body() form: EmailCodeDto,
    @Circumstances() circumstances: SignInCircumstances,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const account = await this.metrics.signInAttempt(
      'email_code',
      () => this.emailCodes.verify(req, form.code, { interactionUid: interaction.uid, circumstances }),
      (error) => (error instanceof EmailCodeRefusedError && error.refusal === 'throttled' ? 'throttled' : undefined),
    );
    await this.flow.proven(req, res, interaction, { accountId: account.id, context: EMAIL_CODE }, circumstances);
  }
}
