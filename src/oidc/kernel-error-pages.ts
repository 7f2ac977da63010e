import { AuthsignalUnavailableError, ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import { InvalidCsrfTokenError } from '../common/web/csrf.js';
import { DatabaseUnavailableError } from '../database/database.errors.js';
import { TooManyAttemptsError } from '../rate-limit/rate-limit.errors.js';
import { errorPage, type InteractionErrorPage, onError } from './interaction-error-pages.js';
import { InteractionUnavailableError } from './interaction.errors.js';
import { format, type Messages } from '../branding/messages.js';

/**
 * The pages of the errors every step may meet: the interaction itself, the form, the throttle, and the
 * outside services (database, Authsignal). Steps register the pages of their own errors.
 */
export const kernelErrorPages = (messages: Messages): InteractionErrorPage[] => [
  errorPage(InteractionUnavailableError, {
    status: 400,
    ...messages.errors.expired,
    log: { level: 'warn', fields: (error) => ({ event: 'interaction.unavailable', reason: error.message }) },
  }),
  onError({
    error: InvalidCsrfTokenError,
    respond: (_error, { res, interactionUid }) =>
      res.status(403).render('error', {
        ...messages.errors.formExpired,
        retryHref: `/interaction/${encodeURIComponent(interactionUid)}`,
      }),
  }),
  onError({
    error: TooManyAttemptsError,
    respond: async (error, { res, showPromptAgain }) => {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      await showPromptAgain({ status: 429, error: format(messages.login.tooManyAttempts, { minutes: Math.ceil(error.retryAfterSeconds / 60) }) });
    },
  }),
  errorPage(ChallengeRejectedError, {
    status: 400,
    ...messages.errors.challengeRejected,
    log: { level: 'warn', fields: (error) => ({ event: 'sign_in.challenge_rejected', reason: error.reason }) },
  }),
  errorPage(AuthsignalUnavailableError, {
    status: 503,
    ...messages.errors.authsignalUnavailable,
    log: {
      level: 'error',
      fields: (error) => {
        const cause = error.cause as { message?: string; statusCode?: number; errorCode?: string } | undefined;
        return { event: 'authsignal.unavailable', operation: error.message, status: cause?.statusCode, code: cause?.errorCode, cause: cause?.message };
      },
    },
  }),
  errorPage(DatabaseUnavailableError, {
    status: 503,
    ...messages.errors.outage,
    log: { level: 'error', fields: (error) => ({ event: 'database.unavailable', cause: error.message }) },
  }),
];
