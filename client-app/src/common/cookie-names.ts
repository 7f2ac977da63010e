/**
 * Cookies on `localhost` are shared by every port, so the client app's never use generic names that the identity
 * server (or anything else on the machine) might also set.
 */
export const SESSION_COOKIE = 'client_app.sid';
export const CSRF_COOKIE = 'client_app.csrf';

/** `__Host-` pins a Secure cookie to our exact origin (no Domain, Path=/); browsers only accept it over https. */
export const hostCookieName = (name: string, secure: boolean): string => (secure ? `__Host-${name}` : name);
