import { generate } from 'otplib';
import type { RunningEmulator } from '../../authsignal-emulator/src/emulator.js';

/**
 * The second step as the pre-built UI would run it, straight through the emulator's client API, for
 * suites without a browser. Each returns the token the pre-built UI would append to the callback URL.
 */

/** Where the password step sent a browser that has a second factor to do, and where Authsignal sends it back. */
export interface SecondStep {
  /** The pre-built UI of the challenge tracked for this sign-in. */
  challengeUrl: string;
  /** The interaction's MFA callback, which takes the token the pre-built UI appends. */
  callbackUrl: string;
}

/**
 * The second step of a sign-in whose password step answered `page` (redirects followed): the pre-built
 * UI the browser was sent to, or the "Verify it's you" page linking to it (a UI on an origin the
 * login page's policy does not list). `interactionUrl` is the login page's address.
 */
export function secondStepOf(interactionUrl: string, page: { url: string; body: string }): SecondStep {
  const interaction = interactionUrl.split('?')[0];
  const callbackUrl = `${interaction}/mfa/callback`;
  if (page.url.startsWith(`${interaction}/mfa`)) return { challengeUrl: challengeUrlOf(page.body), callbackUrl };
  if (!new URL(page.url).searchParams.get('token')) throw new Error(`The password step went to ${page.url}, not to a second step`);
  return { challengeUrl: page.url, callbackUrl };
}

/** The pre-built UI URL of the identity server's "Verify it's you" page. */
function challengeUrlOf(html: string): string {
  const href = /id="mfa-continue"[^>]*href="([^"]+)"/.exec(html)?.[1];
  if (!href) throw new Error(`No continue link in: ${html.slice(0, 400)}`);
  return href.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
}

/** The track token inside a pre-built UI URL. */
export const trackTokenOf = (challengeUrl: string): string => new URL(challengeUrl).searchParams.get('token')!;

async function clientApi<T>(emulator: RunningEmulator, path: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.apiUrl}/client/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T & { error?: string };
  if (json.error) throw new Error(`${path}: ${json.error}`);
  return json;
}

/** The newest code the emulator "sent" to `email`, once it differs from `previous`. */
export async function waitForOutboxCode(emulator: RunningEmulator, email: string, previous?: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const code = emulator.outbox.latestCode(email);
    if (code && code !== previous) return code;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`No code was sent to ${email}`);
}

/** A first email OTP enrolment (a user with no second factor). */
export async function enrolEmailOtp(emulator: RunningEmulator, token: string, email: string): Promise<string> {
  const previous = emulator.outbox.latestCode(email);
  await clientApi(emulator, 'user-authenticators/email-otp', token, { email });
  const verified = await clientApi<{ isVerified: boolean; accessToken: string }>(emulator, 'verify/email-otp', token, {
    verificationCode: await waitForOutboxCode(emulator, email, previous),
  });
  return verified.accessToken;
}

/** An email OTP challenge of an enrolled user. */
export async function challengeEmailOtp(emulator: RunningEmulator, token: string, email: string): Promise<string> {
  const previous = emulator.outbox.latestCode(email);
  await clientApi(emulator, 'challenge/email-otp', token);
  const verified = await clientApi<{ isVerified: boolean; accessToken: string }>(emulator, 'verify/email-otp', token, {
    verificationCode: await waitForOutboxCode(emulator, email, previous),
  });
  return verified.accessToken;
}

/** An authenticator-app challenge. Uses the next time step's code: the current one may have been used already. */
export async function challengeTotp(emulator: RunningEmulator, token: string, secret: string): Promise<string> {
  const verificationCode = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
  const verified = await clientApi<{ isVerified: boolean; accessToken: string }>(emulator, 'verify/totp', token, { verificationCode });
  if (!verified.isVerified) throw new Error('The authenticator-app code was refused');
  return verified.accessToken;
}

/**
 * A person's authenticator app. Authsignal accepts each time step's code once, so the device hands out
 * the next step's code, and waits for time to move on when that step was used already.
 */
export class TotpDevice {
  private lastStep = -1;

  constructor(private readonly secret: string) {}

  async nextCode(): Promise<string> {
    for (;;) {
      const step = Math.floor(Date.now() / 30_000) + 1;
      if (step > this.lastStep) {
        this.lastStep = step;
        return generate({ secret: this.secret, epoch: step * 30 });
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
