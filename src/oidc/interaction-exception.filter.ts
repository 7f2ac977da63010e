import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type Provider from 'oidc-provider';
import { CsrfService, InvalidCsrfTokenError } from '../common/web/csrf.js';
import { InvalidCredentialsError, TooManyAttemptsError } from '../login/login.errors.js';
import { LOGIN_PAGE, loginPageModel } from '../login/login.page.js';
import type { InteractionRequest } from './interaction.decorators.js';
import { clientDisplayName } from './client-display-name.js';
import { InteractionUnavailableError } from './interaction.errors.js';
import { OIDC_PROVIDER } from './oidc.constants.js';

type InteractionFailure = InvalidCredentialsError | TooManyAttemptsError | InteractionUnavailableError | InvalidCsrfTokenError;

/**
 * Browser-facing failures of the interaction pages: a bad password re-renders the login page with one
 * generic message; a throttled attempt shows when to retry; a lost or foreign interaction explains how
 * to start again. Never a JSON body, never a 500.
 */
@Catch(InvalidCredentialsError, TooManyAttemptsError, InteractionUnavailableError, InvalidCsrfTokenError)
export class InteractionExceptionFilter implements ExceptionFilter<InteractionFailure> {
  private readonly logger = new Logger(InteractionExceptionFilter.name);

  constructor(
    @Inject(OIDC_PROVIDER) private readonly provider: Provider,
    private readonly csrf: CsrfService,
  ) {}

  async catch(error: InteractionFailure, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<InteractionRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof InvalidCredentialsError) {
      return this.renderLogin(req, res, 401, LOGIN_PAGE.invalidCredentialsMessage, error.username);
    }
    if (error instanceof TooManyAttemptsError) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      const username = typeof req.body?.username === 'string' ? req.body.username : '';
      return this.renderLogin(req, res, 429, LOGIN_PAGE.tooManyAttemptsMessage(error.retryAfterSeconds), username);
    }
    if (error instanceof InvalidCsrfTokenError) {
      return res.status(403).render('error', {
        title: 'This form has expired',
        message: 'For your security the form could not be accepted. Reload the page and try again.',
        retryHref: `/interaction/${encodeURIComponent(String(req.params.uid))}`,
      });
    }
    this.logger.warn({ event: 'interaction.unavailable', reason: error.message });
    res.status(400).render('error', {
      title: 'This sign-in has expired',
      message: 'The sign-in request is no longer valid, or it was started in another browser. Go back to the application and sign in again.',
    });
  }

  private async renderLogin(req: InteractionRequest, res: Response, status: number, error: string, username: string): Promise<void> {
    res.status(status).render(
      LOGIN_PAGE.view,
      loginPageModel({
        uid: req.interaction.uid,
        csrfToken: this.csrf.issue(req, res),
        clientName: await clientDisplayName(this.provider, req.interaction),
        username: username.slice(0, 64),
        error,
      }),
    );
  }
}
