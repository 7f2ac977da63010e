import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/**
 * One policy for every cookie an app sends, whichever library wrote it: `HttpOnly`, `SameSite` (Lax
 * unless the writer chose) and, behind TLS, `Secure`. Libraries set most of their cookies well, but not
 * all: the `cookies` package under oidc-provider expires a tampered signature cookie with `Path=/` alone.
 * None of our pages' scripts read a cookie, so HttpOnly costs nothing.
 */
export function withCookiePolicy(cookie: string, secure: boolean): string {
  const attributes = cookie.split(';').slice(1).map((attribute) => attribute.trim().split('=')[0].toLowerCase());
  let result = cookie;
  if (!attributes.includes('httponly')) result += '; HttpOnly';
  if (!attributes.includes('samesite')) result += '; SameSite=Lax';
  if (secure && !attributes.includes('secure')) result += '; Secure';
  return result;
}

/** Applies `withCookiePolicy` to every `Set-Cookie` header the response has now. */
export function applyCookiePolicy(res: ServerResponse, secure: boolean): void {
  const cookies = res.getHeader('set-cookie');
  if (cookies === undefined) return;
  const list = Array.isArray(cookies) ? cookies : [String(cookies)];
  res.setHeader('set-cookie', list.map((cookie) => withCookiePolicy(cookie, secure)));
}

/**
 * Runs `beforeHead` on the response just before its headers are written. (Hooking `setHeader` is not
 * enough: the `cookies` package calls the prototype's directly.) Node writes implicit headers through
 * `this.writeHead`, so this sees every response.
 */
export function beforeHeadersLeave(res: ServerResponse, beforeHead: (res: ServerResponse) => void): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    beforeHead(this);
    return (writeHead as (...rest: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}

/** Applies `withCookiePolicy` to every `Set-Cookie` header of the response, just before the headers are written. */
export function enforceCookiePolicy(res: ServerResponse, secure: boolean): void {
  beforeHeadersLeave(res, (response) => applyCookiePolicy(response, secure));
}

/** `enforceCookiePolicy` as Express middleware, for every response of an app. */
export function cookiePolicy(options: { secure: boolean }): RequestHandler {
  return (_req, res, next) => {
    enforceCookiePolicy(res, options.secure);
    next();
  };
}
