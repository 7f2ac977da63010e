import { AuthsignalUnavailableError, ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import { InvalidCsrfTokenError } from '../common/web/csrf.js';
import { DatabaseUnavailableError } from '../database/database.errors.js';
import { TooManyAttemptsError } from '../rate-limit/rate-limit.errors.js';
import { errorPage, type InteractionErrorPage, onError } from './interaction-error-pages.js';
import { InteractionUnavailableError } from './interaction.errors.js';
import { OUTAGE_PAGE } from './provider-middleware.js';

/**
 * The pages of the errors every step may meet: the interaction itself, the form, the throttle, and the
 * outside services (database, Authsignal). Steps register the pages of their own errors.
 */
export const KERNEL_ERROR_PAGES: InteractionErrorPage[] = [
  errorPage(InteractionUnavailableError, {
    status: 400,
    title: 'This sign-in has expired',
    message: 'The sign-in request is no longer valid, or it was started in another browser. Go back to the application and sign in again.',
    log: { level: 'warn', fields: (error) => ({ event: 'interaction.unavailable', reason: error.message }) },
  }),
  onError({
    error: InvalidCsrfTokenError,
    respond: (_error, { res, interactionUid }) =>
      res.status(403).render('error', {
        title: 'This form has expired',
        message: 'For your security the form could not be accepted. Reload the page and try again.',
        retryHref: `/interaction/${encodeURIComponent(interactionUid)}`,
      }),
  }),
  onError({
    error: TooManyAttemptsError,
    respond: async (error, { res, showPromptAgain }) => {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      const minutes = Math.ceil(error.retryAfterSeconds / 60);
      await showPromptAgain({ status: 429, error: `Too many failed attempts. Try again in ${minutes} minute${minutes > 1 ? 's' : ''}.` });
    },
  }),
  errorPage(ChallengeRejectedError, {
    status: 400,
    title: 'We could not verify this sign-in',
    message: 'The verification could not be accepted, so you are not signed in. Go back to the application and sign in again.',
    log: { level: 'warn', fields: (error) => ({ event: 'sign_in.challenge_rejected', reason: error.reason }) },
  }),
  errorPage(AuthsignalUnavailableError, {
    status: 503,
    title: 'Sign-in is temporarily unavailable',
    message: 'We cannot verify sign-ins right now, so nobody is signed in. Please try again in a few minutes.',
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
    ...OUTAGE_PAGE,
    log: { level: 'error', fields: (error) => ({ event: 'database.unavailable', cause: error.message }) },
  }),
];
