import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';

/** The cookie holding this browser's secret for one interaction. */
export const BROWSER_BINDING_COOKIE = 'idp.binding';

/** Where a finished interaction's result carries the digest of the binding that must resume it. */
export const BINDING_RESULT_KEY = 'browserBinding';

/** As long as an interaction lives (oidc-provider's `ttl.Interaction`). */
const BINDING_MAX_AGE_MS = 60 * 60 * 1000;

/**
 * Ties each sign-in step to the browser that passed the step before it.
 *
 * oidc-provider's own interaction cookies are the same for everyone who holds them: someone able to
 * plant cookies for our host (a sibling subdomain, a plain-http hop) could start a sign-in, plant its
 * cookies in a victim's browser, let the victim sign in, and resume the interaction from their own
 * browser with the victim's account. So every step that proves something (the password, the second
 * factor, a passkey) mints a new random secret into *this* browser, stores only its digest, and the
 * next step, and finally the resume at `/auth/:uid`, requires it. Whoever planted the cookies never
 * sees the secret: it is HttpOnly and set on the victim's response.
 */
@Injectable()
export class BrowserBinding {
  private readonly secure: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.secure = config.http.secureCookies;
  }

  /** Sets a fresh secret for this interaction in this browser, replacing any earlier one; returns its digest to store. */
  renew(res: Response, interactionUid: string): string {
    const secret = randomBytes(32).toString('base64url');
    const uid = encodeURIComponent(interactionUid);
    // Sent to this interaction's pages and to its resume, nowhere else.
    for (const path of [`/interaction/${uid}`, `/auth/${uid}`]) {
      res.cookie(BROWSER_BINDING_COOKIE, secret, { path, httpOnly: true, sameSite: 'lax', secure: this.secure, maxAge: BINDING_MAX_AGE_MS });
    }
    return bindingDigest(secret);
  }
}

export const bindingDigest = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

/** Whether the browser's cookie is the secret whose digest was stored. Constant time; nothing stored matches nothing. */
export function bindingMatches(cookieValue: unknown, storedDigest: unknown): boolean {
  if (typeof cookieValue !== 'string' || typeof storedDigest !== 'string' || storedDigest === '') return false;
  const presented = Buffer.from(bindingDigest(cookieValue));
  const expected = Buffer.from(storedDigest);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
