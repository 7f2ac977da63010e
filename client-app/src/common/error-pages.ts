import { HttpException, HttpStatus } from '@nestjs/common';
import { InvalidCsrfTokenError } from '../../../src/common/web/csrf.js';
import { causedByDatabaseOutage } from '../../../src/database/database.errors.js';
import { IdentityServerUnavailableError, SignInFailedError, type SignInFailureReason } from '../auth/auth.errors.js';
import {
  PasskeyNotFoundError,
  PasskeyServiceUnavailableError,
  ReauthenticationFailedError,
  ReauthenticationRequiredError,
} from '../passkeys/passkeys.errors.js';

/** What the error page shows; never an error's own message unless written for users. */
export interface ErrorPage {
  status: number;
  title: string;
  message: string;
  /** The one obvious next step. */
  action: { href: string; label: string };
  /** How loudly to log it: expected user-side outcomes are not errors. */
  logLevel: 'info' | 'warn' | 'error';
}

const HOME = { href: '/', label: 'Back to the home page' };
const SIGN_IN_AGAIN = { href: '/login', label: 'Try signing in again' };
const PASSKEYS = { href: '/passkeys', label: 'Back to your passkeys' };

const SIGN_IN_FAILURES: Record<SignInFailureReason, Omit<ErrorPage, 'action'>> = {
  cancelled: {
    status: HttpStatus.FORBIDDEN,
    title: 'Sign-in cancelled',
    message: 'Signing in was cancelled, so you are not signed in.',
    logLevel: 'info',
  },
  expired: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Sign-in expired',
    message: 'This sign-in is no longer valid. It may have taken too long or been started in another tab.',
    logLevel: 'info',
  },
  failed: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Sign-in failed',
    message: 'We could not complete your sign-in with the identity server.',
    logLevel: 'warn',
  },
};

/**
 * The page for any error that reaches a browser. `retryHref` is where "try again" should lead for a transient
 * failure (the page the user asked for, when that can simply be asked for again).
 */
export function errorPageFor(error: unknown, retryHref: string): ErrorPage {
  if (error instanceof SignInFailedError) return { ...SIGN_IN_FAILURES[error.reason], action: SIGN_IN_AGAIN };
  if (error instanceof IdentityServerUnavailableError) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      title: 'Identity server unavailable',
      message: 'We cannot reach the sign-in service right now. Please try again in a moment.',
      action: { href: retryHref, label: 'Try again' },
      logLevel: 'warn',
    };
  }
  if (causedByDatabaseOutage(error)) return sessionsUnavailablePage(retryHref);
  if (error instanceof PasskeyServiceUnavailableError) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      title: 'Passkeys unavailable',
      message: 'We cannot reach the passkey service right now. Please try again in a moment.',
      action: { href: retryHref === '/' ? PASSKEYS.href : retryHref, label: 'Try again' },
      // Refused credentials or requests are our configuration or code, not a passing outage.
      logLevel: error.failure === 'rejected' || error.failure === 'unexpected' ? 'error' : 'warn',
    };
  }
  if (error instanceof PasskeyNotFoundError) {
    return {
      status: HttpStatus.NOT_FOUND,
      title: 'Passkey not found',
      message: 'That passkey is not on your account. It may already have been removed.',
      action: PASSKEYS,
      logLevel: 'warn',
    };
  }
  if (error instanceof ReauthenticationRequiredError) {
    return {
      status: HttpStatus.FORBIDDEN,
      title: 'Please sign in again',
      message: 'Changing your passkeys needs a recent sign-in. Sign in again, then repeat the change.',
      action: { href: PASSKEYS.href, label: 'Sign in again' },
      logLevel: 'info',
    };
  }
  if (error instanceof ReauthenticationFailedError) {
    return {
      status: HttpStatus.FORBIDDEN,
      title: 'Sign-in not confirmed',
      message: 'The identity server did not confirm a recent sign-in, which managing passkeys needs.',
      action: { href: PASSKEYS.href, label: 'Try again' },
      logLevel: 'warn',
    };
  }
  if (error instanceof InvalidCsrfTokenError) {
    return { status: HttpStatus.FORBIDDEN, title: 'Form expired', message: error.message, action: HOME, logLevel: 'warn' };
  }
  if (error instanceof HttpException && error.getStatus() === HttpStatus.NOT_FOUND) {
    return { status: HttpStatus.NOT_FOUND, title: 'Page not found', message: 'There is no page at this address.', action: HOME, logLevel: 'info' };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    return {
      status: error.getStatus(),
      title: 'Request not accepted',
      message: 'Something in that request was not right. Please go back and try again.',
      action: HOME,
      logLevel: 'info',
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    title: 'Something went wrong',
    message: 'An unexpected error stopped this page. Please try again; if it keeps happening, quote the reference below.',
    action: HOME,
    logLevel: 'error',
  };
}

/** The session store (the shared database) cannot be reached: nobody's session can be read or ended. */
export function sessionsUnavailablePage(retryHref: string): ErrorPage {
  return {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    title: 'Temporarily unavailable',
    message: 'We cannot reach our session store right now, so this page cannot be shown. Please try again in a moment.',
    action: { href: retryHref, label: 'Try again' },
    logLevel: 'error',
  };
}
