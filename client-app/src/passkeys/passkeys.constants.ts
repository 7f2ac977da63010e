/** Injection token of the `@authsignal/node` client, built from config by `createAuthsignalClient`. */
export const AUTHSIGNAL_CLIENT = Symbol('AUTHSIGNAL_CLIENT');

/** The node SDK has no timeout option: we stop waiting for Authsignal after this long, so a hung API cannot hang a page. */
export const AUTHSIGNAL_TIMEOUT_MS = 10_000;

/** Optional injection token overriding `AUTHSIGNAL_TIMEOUT_MS` (tests of a hung Authsignal). */
export const AUTHSIGNAL_TIMEOUT = Symbol('AUTHSIGNAL_TIMEOUT');

/** The scope an enrolment token needs so the browser may add a passkey even for a user who already has one. */
export const ENROLMENT_SCOPE = 'add:authenticators';
