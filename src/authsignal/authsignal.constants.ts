/** Injection token of the `@authsignal/node` client, built once from config. */
export const AUTHSIGNAL_CLIENT = Symbol('AUTHSIGNAL_CLIENT');
