import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type Provider from 'oidc-provider';
import { AuthsignalUnavailableError, ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import { CsrfService, InvalidCsrfTokenError } from '../common/web/csrf.js';
import { InvalidCredentialsError, TooManyAttemptsError } from '../login/login.errors.js';
import { LOGIN_PAGE, loginPageModel } from '../login/login.page.js';
import { SignInRefusedError } from '../mfa/mfa.errors.js';
import { PasskeySignInService } from '../passkeys/passkey-sign-in.service.js';
import type { InteractionRequest } from './interaction.decorators.js';
import { DatabaseUnavailableError } from '../database/database.errors.js';
import { clientDisplayName } from './client-display-name.js';
import { OUTAGE_PAGE } from './provider-middleware.js';
import { InteractionUnavailableError } from './interaction.errors.js';
import { OIDC_PROVIDER } from './oidc.constants.js';

type InteractionFailure =
  | InvalidCredentialsError
  | TooManyAttemptsError
  | InteractionUnavailableError
  | InvalidCsrfTokenError
  | ChallengeRejectedError
  | SignInRefusedError
  | AuthsignalUnavailableError
  | DatabaseUnavailableError;

/** The second-step failures: one page each, the same for every reason behind it. */
const SECOND_STEP_PAGES = [
  {
    error: ChallengeRejectedError,
    status: 400,
    title: 'We could not verify this sign-in',
    message: 'The verification could not be accepted, so you are not signed in. Go back to the application and sign in again.',
  },
  {
    error: SignInRefusedError,
    status: 403,
    title: 'Sign-in not allowed',
    message: 'This sign-in was not allowed. If you think this is a mistake, contact your administrator.',
  },
  {
    error: AuthsignalUnavailableError,
    status: 503,
    title: 'Sign-in is temporarily unavailable',
    message: 'We cannot verify sign-ins right now, so nobody is signed in. Please try again in a few minutes.',
  },
  { error: DatabaseUnavailableError, status: 503, ...OUTAGE_PAGE },
] as const;

/**
 * Browser-facing failures of the interaction pages: a bad password re-renders the login page with one
 * generic message; a throttled attempt shows when to retry; a lost or foreign interaction explains how
 * to start again; a refused challenge, a refusal by Authsignal's rules, an Authsignal or database outage get a page
 * of their own and a log line, with no session and no code. Never a JSON body, never a 500.
 */
@Catch(
  InvalidCredentialsError,
  TooManyAttemptsError,
  InteractionUnavailableError,
  InvalidCsrfTokenError,
  ChallengeRejectedError,
  SignInRefusedError,
  AuthsignalUnavailableError,
  DatabaseUnavailableError,
)
export class InteractionExceptionFilter implements ExceptionFilter<InteractionFailure> {
  private readonly logger = new Logger(InteractionExceptionFilter.name);

  constructor(
    @Inject(OIDC_PROVIDER) private readonly provider: Provider,
    private readonly csrf: CsrfService,
    private readonly passkeys: PasskeySignInService,
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
    const secondStep = SECOND_STEP_PAGES.find((page) => error instanceof page.error);
    if (secondStep) {
      this.logSecondStepFailure(error, String(req.params.uid));
      return res.status(secondStep.status).render('error', { title: secondStep.title, message: secondStep.message });
    }
    this.logger.warn({ event: 'interaction.unavailable', reason: error.message });
    res.status(400).render('error', {
      title: 'This sign-in has expired',
      message: 'The sign-in request is no longer valid, or it was started in another browser. Go back to the application and sign in again.',
    });
  }

  private logSecondStepFailure(error: InteractionFailure, interaction: string): void {
    if (error instanceof DatabaseUnavailableError) {
      this.logger.error({ event: 'database.unavailable', interaction, cause: error.message });
    } else if (error instanceof AuthsignalUnavailableError) {
      const cause = error.cause as { message?: string; statusCode?: number; errorCode?: string } | undefined;
      this.logger.error({ event: 'authsignal.unavailable', interaction, operation: error.message, status: cause?.statusCode, code: cause?.errorCode, cause: cause?.message });
    } else if (error instanceof ChallengeRejectedError) {
      this.logger.warn({ event: 'sign_in.challenge_rejected', interaction, reason: error.reason });
    } else {
      this.logger.warn({ event: 'sign_in.refused', interaction, state: (error as SignInRefusedError).state });
    }
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
        passkey: this.passkeys.pageSettings,
      }),
    );
  }
}
