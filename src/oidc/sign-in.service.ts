import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type Provider from 'oidc-provider';
import { PASSWORD_ONLY } from '../login/authentication-context.js';
import { LoginStateRepository } from '../login/login-state.repository.js';
import type { User } from '../users/user.js';
import { InteractionUnavailableError } from './interaction.errors.js';
import { OIDC_PROVIDER } from './oidc.constants.js';

/** Moves an interaction from a passed step to a finished sign-in, exactly once. */
@Injectable()
export class SignInService {
  constructor(
    @Inject(OIDC_PROVIDER) private readonly provider: Provider,
    private readonly loginStates: LoginStateRepository,
  ) {}

  async passwordVerified(interactionUid: string, user: User): Promise<void> {
    await this.loginStates.save({ interactionUid, accountId: user.id, step: 'password', ...PASSWORD_ONLY });
  }

  /**
   * Takes the interaction's login state (deleting it, so a second request cannot finish twice) and
   * hands the result to the provider, which rotates the session id and redirects back to /auth.
   */
  async finish(req: Request, res: Response, interactionUid: string): Promise<void> {
    const state = await this.loginStates.take(interactionUid);
    if (!state) throw new InteractionUnavailableError('no completed sign-in step');
    await this.provider.interactionFinished(
      req,
      res,
      { login: { accountId: state.accountId, amr: state.amr, acr: state.acr, remember: true } },
      { mergeWithLastSubmission: false },
    );
  }
}
