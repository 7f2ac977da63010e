import { Body, Controller, Get, Inject, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type Provider from 'oidc-provider';
import { CsrfGuard, CsrfService } from '../common/web/csrf.js';
import { LoginFormDto } from '../login/login-form.dto.js';
import { LOGIN_PAGE, loginPageModel } from '../login/login.page.js';
import { PasswordCheck } from '../login/password-check.service.js';
import { PasskeySignInService } from '../passkeys/passkey-sign-in.service.js';
import { clientDisplayName } from './client-display-name.js';
import { consentPageModel } from './consent.page.js';
import { ConsentService } from './consent.service.js';
import { ConsentFormDto } from './consent-form.dto.js';
import { ExpectPrompt, Interaction, type InteractionDetails } from './interaction.decorators.js';
import { InteractionExceptionFilter } from './interaction-exception.filter.js';
import { InteractionFinisher } from './interaction-finisher.js';
import { InteractionGuard } from './interaction.guard.js';
import { OIDC_PROVIDER } from './oidc.constants.js';
import { SignInService } from './sign-in.service.js';

/**
 * The pages oidc-provider sends the browser to: each handler loads the interaction (guard), checks
 * its prompt, does one thing, and hands the result back to the provider. (`no-store` is set for the
 * whole path in `setupApp`, so error pages from guards carry it too.)
 */
@Controller('interaction/:uid')
@UseGuards(InteractionGuard)
@UseFilters(InteractionExceptionFilter)
export class InteractionController {
  constructor(
    @Inject(OIDC_PROVIDER) private readonly provider: Provider,
    private readonly csrf: CsrfService,
    private readonly signIn: SignInService,
    private readonly consent: ConsentService,
    private readonly passkeys: PasskeySignInService,
    private readonly passwords: PasswordCheck,
    private readonly finisher: InteractionFinisher,
  ) {}

  @Get()
  async show(@Interaction() interaction: InteractionDetails, @Req() req: Request, @Res() res: Response): Promise<void> {
    const clientName = await clientDisplayName(this.provider, interaction);
    const csrfToken = this.csrf.issue(req, res);
    if (interaction.prompt.name === 'consent') return res.render('consent', consentPageModel(interaction, clientName, csrfToken));
    const loginHint = typeof interaction.params.login_hint === 'string' ? interaction.params.login_hint.slice(0, 64) : '';
    res.render(LOGIN_PAGE.view, loginPageModel({ uid: interaction.uid, csrfToken, clientName, username: loginHint, passkey: this.passkeys.pageSettings }));
  }

  @Post('login')
  @ExpectPrompt('login')
  @UseGuards(CsrfGuard)
  async login(@Interaction() interaction: InteractionDetails, @Body() form: LoginFormDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.passwords.verify(form, { ipAddress: req.ip ?? 'unknown', interactionUid: interaction.uid });
    await this.signIn.passwordVerified(req, res, interaction.uid, user);
  }

  @Post('confirm')
  @ExpectPrompt('consent')
  @UseGuards(CsrfGuard)
  async confirm(@Interaction() interaction: InteractionDetails, @Body() _form: ConsentFormDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.finisher.consented(req, res, interaction.uid, await this.consent.grant(interaction));
  }

  @Post('abort')
  @UseGuards(CsrfGuard)
  async abort(@Interaction() interaction: InteractionDetails, @Body() _form: ConsentFormDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.finisher.cancelled(req, res, interaction.uid);
  }
}
