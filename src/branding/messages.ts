/**
 * Every sentence the identity server's pages show, in one place, so a team can change the copy (or
 * translate it) without touching a view: a branding folder's `messages.json` replaces any of these by
 * key (see `resolveBranding`). `{name}` marks a value filled in when the page is drawn. Views read them
 * with `{{t 'login.title'}}` (or `{{t 'login.lead' client=clientName}}`); code with `format`.
 */
export const BUILT_IN_MESSAGES = {
  brand: {
    name: 'Identity',
    footer: 'Secured by your organisation’s identity server',
  },
  login: {
    title: 'Sign in',
    lead: 'to continue to {client}',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    invalidCredentials: 'The username or password is incorrect.',
    tooManyAttempts: 'Too many failed attempts. Try again in {minutes} minute(s).',
  },
  passkey: {
    or: 'or',
    button: 'Sign in with a passkey',
  },
  mfa: {
    title: 'Verify it’s you',
    lead: 'Your password was correct. One more step keeps your account safe.',
    continue: 'Continue to verification',
  },
  consent: {
    title: 'Allow access',
    heading: 'Allow {client}?',
    lead: '{client} is asking to use:',
    allow: 'Allow',
    cancel: 'Cancel',
    openidScope: 'Your account identifier',
    offlineAccessScope: 'Stay signed in to the app when you are not using it',
    claim: 'The “{claim}” claim',
  },
  logout: {
    title: 'Sign out',
    heading: 'Sign out?',
    lead: 'Do you want to sign out of {host}?',
    confirm: 'Yes, sign me out',
    stay: 'No, stay signed in',
  },
  loggedOut: {
    title: 'Signed out',
    heading: 'You are signed out',
    lead: 'You can close this window.',
  },
  errors: {
    tryAgain: 'Try again',
    code: 'Error code',
    reference: 'Reference',
    expired: {
      title: 'This sign-in has expired',
      message: 'The sign-in request is no longer valid, or it was started in another browser. Go back to the application and sign in again.',
    },
    formExpired: { title: 'This form has expired', message: 'For your security the form could not be accepted. Reload the page and try again.' },
    challengeRejected: {
      title: 'We could not verify this sign-in',
      message: 'The verification could not be accepted, so you are not signed in. Go back to the application and sign in again.',
    },
    refused: { title: 'Sign-in not allowed', message: 'This sign-in was not allowed. If you think this is a mistake, contact your administrator.' },
    authsignalUnavailable: {
      title: 'Sign-in is temporarily unavailable',
      message: 'We cannot verify sign-ins right now, so nobody is signed in. Please try again in a few minutes.',
    },
    outage: {
      title: 'Sign-in is temporarily unavailable',
      message: 'We cannot complete sign-ins right now, so nobody is signed in. Please try again in a few minutes.',
    },
    invalidRequest: { title: 'This sign-in request cannot continue', message: 'The request was not valid.' },
    refusedInput: { title: 'This request cannot be accepted', message: 'Something in the request was not valid ({reason}). Go back and try again.' },
    badRequest: { title: 'Bad request', message: 'The request could not be accepted. Check what you entered and try again.' },
    notFound: { title: 'Not found', message: 'There is nothing at this address.' },
    unexpected: { title: 'Something went wrong', message: 'An unexpected error occurred. Please try again in a moment.' },
    serviceUnavailable: { title: 'Service unavailable', message: 'The service is temporarily unavailable. Please try again in a few minutes.' },
  },
  emailCode: {
    option: 'Email me a code',
    startTitle: 'Sign in with an email code',
    startLead: 'We will email a code to the address of your account.',
    identifier: 'Username or email',
    send: 'Email me a code',
    otherWay: 'Sign in another way',
    codeTitle: 'Check your email',
    codeLead: 'If {identifier} has an account with a verified email address, we have sent a code to it.',
    validity: 'The code is valid for {minutes} minute(s).',
    code: 'Code',
    submit: 'Sign in',
    resend: 'Send a new code',
    resent: 'We sent a new code. Earlier codes no longer work.',
    wrong: 'That code is not right, or it is no longer valid.',
    expired: 'This code has expired. Send a new one.',
    usedUp: 'Too many tries with this code. Send a new one.',
    throttled: 'Too many tries. Try again in {minutes} minute(s).',
  },
  // The page that posts an answer back to the application (`response_mode=form_post`).
  formPost: {
    title: 'Returning to the application',
    heading: 'Returning to the application…',
    lead: 'If nothing happens, press Continue.',
    continue: 'Continue',
  },
};

/** The shape of the copy; a branding folder may give any part of it. */
export type Messages = typeof BUILT_IN_MESSAGES;

/** A page's title and message. */
export interface PageText {
  title: string;
  message: string;
}

/** Fills `{name}` in a message; a value that is not given stays as it was. */
export function format(template: string, values: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (values[name] === undefined ? placeholder : String(values[name])));
}

/** The message at a dotted key (`login.title`), or the key itself when there is none (so a typo shows on the page, not as a crash). */
export function messageAt(messages: Messages, key: string): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages);
  return typeof value === 'string' ? value : key;
}
