import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BRANDING, type Branding } from '../branding/branding.js';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { CsrfService } from '../common/web/csrf.js';
import { clientDisplayName } from '../oidc/client-display-name.js';
import type { InteractionDetails } from '../oidc/interaction.decorators.js';
import { ProviderHolder } from '../oidc/provider-holder.js';
import { type PromptPage, type PromptPageOptions, PromptPages, type RenderedContribution } from '../oidc/prompt-pages.js';

/** What the login view renders. */
export interface LoginPageModel {
  title: string;
  uid: string;
  csrfToken: string;
  clientName: string;
  username: string;
  error?: string;
  /** The form fields' `maxlength`, from the same limits the form's DTO checks. */
  limits: { username: number; password: number };
  /** What other steps add to the page (the passkey option): partials with their locals. */
  contributions: RenderedContribution[];
}

/** The page of the `login` prompt: the username and password form, and what other steps add to it. */
@Injectable()
export class LoginPage implements PromptPage {
  readonly prompt = 'login';

  constructor(
    private readonly providers: ProviderHolder,
    private readonly csrf: CsrfService,
    private readonly pages: PromptPages,
    @Inject(BRANDING) private readonly branding: Branding,
  ) {}

  async render(interaction: InteractionDetails, req: Request, res: Response, options: PromptPageOptions): Promise<void> {
    const csrfToken = this.csrf.issue(req, res);
    const typed = options.form?.username;
    const loginHint = interaction.params.login_hint;
    const username = typeof typed === 'string' ? typed : typeof loginHint === 'string' ? loginHint : '';
    const model: LoginPageModel = {
      title: this.branding.messages.login.title,
      uid: interaction.uid,
      csrfToken,
      clientName: await clientDisplayName(this.providers.current, interaction),
      username: username.slice(0, INPUT_LIMITS.username),
      error: options.error,
      limits: { username: INPUT_LIMITS.username, password: INPUT_LIMITS.password },
      contributions: this.pages.contributionsTo(this.prompt, { interaction, csrfToken }),
    };
    res.status(options.status ?? 200).render('login', model);
  }
}
