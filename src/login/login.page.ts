import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type Provider from 'oidc-provider';
import { CsrfService } from '../common/web/csrf.js';
import { clientDisplayName } from '../oidc/client-display-name.js';
import type { InteractionDetails } from '../oidc/interaction.decorators.js';
import { OIDC_PROVIDER } from '../oidc/oidc.constants.js';
import { type PromptPage, type PromptPageOptions, PromptPages, type RenderedContribution } from '../oidc/prompt-pages.js';

/** Policy and wording of the login page. One message for every credential failure. */
export const LOGIN_PAGE = {
  view: 'login',
  title: 'Sign in',
  invalidCredentialsMessage: 'The username or password is incorrect.',
} as const;

/**
 * What the login form accepts. Usernames are at most 64 characters; passwords at most 128 code points,
 * which is at most 512 UTF-16 units. Anything longer cannot be a credential and is refused before hashing.
 */
export const LOGIN_FORM_LIMITS = { usernameLength: 64, passwordLength: 512 } as const;

/** What the login view renders. */
export interface LoginPageModel {
  title: string;
  uid: string;
  csrfToken: string;
  clientName: string;
  username: string;
  error?: string;
  /** What other steps add to the page (the passkey option): partials with their locals. */
  contributions: RenderedContribution[];
}

/** The page of the `login` prompt: the username and password form, and what other steps add to it. */
@Injectable()
export class LoginPage implements PromptPage {
  readonly prompt = 'login';

  constructor(
    @Inject(OIDC_PROVIDER) private readonly provider: Provider,
    private readonly csrf: CsrfService,
    private readonly pages: PromptPages,
  ) {}

  async render(interaction: InteractionDetails, req: Request, res: Response, options: PromptPageOptions): Promise<void> {
    const csrfToken = this.csrf.issue(req, res);
    const typed = options.form?.username;
    const loginHint = interaction.params.login_hint;
    const username = typeof typed === 'string' ? typed : typeof loginHint === 'string' ? loginHint : '';
    const model: LoginPageModel = {
      title: LOGIN_PAGE.title,
      uid: interaction.uid,
      csrfToken,
      clientName: await clientDisplayName(this.provider, interaction),
      username: username.slice(0, LOGIN_FORM_LIMITS.usernameLength),
      error: options.error,
      contributions: this.pages.contributionsTo(this.prompt, { interaction, csrfToken }),
    };
    res.status(options.status ?? 200).render(LOGIN_PAGE.view, model);
  }
}
