import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthsignalService, type EmailCodeCheck } from '../authsignal/authsignal.service.js';
import { ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { BROWSER_BINDING_COOKIE, BrowserBinding, bindingMatches } from '../oidc/browser-binding.js';
import { InteractionUnavailableError } from '../oidc/interaction.errors.js';
import type { SignInCircumstances } from '../oidc/sign-in-circumstances.js';
import { CredentialThrottle } from '../rate-limit/credential-throttle.service.js';
import { TooManyAttemptsError } from '../rate-limit/rate-limit.errors.js';
import { type Account, USER_STORE, type UserStore } from '../users/user-store.js';
import { EmailCodeRefusedError } from './email-code.errors.js';
import { EmailCodeRepository, type PendingEmailCode } from './email-code.repository.js';
import { ResponseTimes } from './response-times.js';

/**
 * Tries at one code, right one included, before only a new code helps. Authsignal keeps a limit of its
 * own (5 wrong codes in the emulator); ours must not be above it, or its lock-out would tell an account
 * from a stranger (the stranger's code has no Authsignal limit behind it).
 */
export const MAX_TRIES_PER_CODE = 5;
/**
 * How long a code is taken. Ours, the same for every identifier, rather than the `expiresAt` Authsignal
 * answers: a shorter lifetime for real codes only would tell an account from a stranger. Authsignal's
 * own expiry (10 minutes) still holds: its expired code is a wrong code, as every stranger's is.
 */
const CODE_LIFETIME_MS = 10 * 60 * 1000;
/** Authsignal's email codes are digits; what else a person types around them (spaces, dashes) is dropped. */
const CODE_PATTERN = /^[0-9]{4,10}$/;
const METHOD = 'EMAIL_OTP';

/** Where a request comes from: the interaction and its circumstances. */
export interface EmailCodeOrigin {
  interactionUid: string;
  circumstances: SignInCircumstances;
}

/**
 * Sign-in with a code Authsignal emails to the account's verified address (its server-side email
 * challenge: `challenge` → `verify` → `claim`, then the token is accepted like any other, once).
 *
 * Nobody learns from it whether an identifier has an account: an unknown one, a disabled account or
 * one without a verified address is sent nothing, but gets the same page, after a stand-in round trip
 * to Authsignal padded to the real call's usual time (`ResponseTimes`), and the same answer to every
 * code. Every request and every code counts against the credential throttle like a password; a code
 * has `MAX_TRIES_PER_CODE` tries, counted before each is checked; the code is bound to the browser
 * that asked for it.
 */
@Injectable()
export class EmailCodeSignIn {
  private readonly logger = new Logger(EmailCodeSignIn.name);
  private readonly action: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly signals: AuthsignalService,
    @Inject(USER_STORE) private readonly users: UserStore,
    private readonly throttle: CredentialThrottle,
    private readonly pendingCodes: EmailCodeRepository,
    private readonly binding: BrowserBinding,
    private readonly times: ResponseTimes,
  ) {
    this.action = config.authsignal.emailCodeAction;
  }

  /** Sends a code to the account `identifier` names, if any, and binds what was sent to this browser. */
  async send(identifier: string, origin: EmailCodeOrigin, res: Response): Promise<void> {
    const attempt = await this.throttle.begin(origin.circumstances.ipAddress, identifier);
    const sent = await this.sendTo(identifier, origin).catch(async (error: unknown) => {
      await attempt.release();
      throw error;
    });
    // The attempt stays counted until a right code: requests for codes are tries too.
    await this.pendingCodes.save({ interactionUid: origin.interactionUid, identifier, ...sent, browserBinding: this.binding.renew(res, origin.interactionUid) });
  }

  /** A new code for the identifier this browser asked for before. */
  async resend(req: Request, origin: EmailCodeOrigin, res: Response): Promise<void> {
    const pending = await this.pendingFor(req, origin.interactionUid);
    await this.send(pending.identifier, origin, res).catch((error: unknown) => {
      throw error instanceof TooManyAttemptsError ? new EmailCodeRefusedError('throttled', pending, error.retryAfterSeconds) : error;
    });
  }

  /** The code this browser asked for in this interaction (to show its page), or null when it asked for none. */
  async pending(req: Request, interactionUid: string): Promise<PendingEmailCode | null> {
    const pending = await this.pendingCodes.find(interactionUid);
    if (pending && !bindingMatches(req.cookies?.[BROWSER_BINDING_COOKIE], pending.browserBinding)) {
      throw new InteractionUnavailableError('not the browser that asked for the email code');
    }
    return pending;
  }

  /** The account the typed code signs in; `EmailCodeRefusedError` for every code that signs nobody in. */
  async verify(req: Request, typed: string, origin: EmailCodeOrigin): Promise<Account> {
    const pending = await this.pendingFor(req, origin.interactionUid);
    const refuse = (refusal: EmailCodeRefusedError['refusal'], retryAfterSeconds?: number) => new EmailCodeRefusedError(refusal, pending, retryAfterSeconds);
    if (pending.codeExpiresAt.getTime() <= Date.now()) throw refuse('expired');
    const attempt = await this.throttle.begin(origin.circumstances.ipAddress, pending.identifier).catch((error: unknown) => {
      throw error instanceof TooManyAttemptsError ? refuse('throttled', error.retryAfterSeconds) : error;
    });
    const tries = await this.pendingCodes.countTry(origin.interactionUid, MAX_TRIES_PER_CODE);
    if (tries === null) {
      // Nothing was checked: only the tries that were count against the throttle.
      await attempt.release();
      throw refuse('used-up');
    }
    const outcome = await this.check(pending, typed.replace(/[\s-]/g, '')).catch(async (error: unknown) => {
      // Only an answer counts: an outage is not the browser's try.
      await Promise.all([attempt.release(), this.pendingCodes.giveBackTry(origin.interactionUid)]);
      throw error;
    });
    const logged = { event: 'sign_in.email_code', ip: origin.circumstances.ipAddress, interaction: origin.interactionUid };
    if (!outcome.verified) {
      this.logger.warn({ ...logged, outcome: 'failure', reason: outcome.reason, identifier: pending.identifier });
      // The last try's failure says the code is used up, whoever asked for it, as Authsignal's lock-out does.
      throw refuse(outcome.reason === 'too-many-tries' || tries >= MAX_TRIES_PER_CODE ? 'used-up' : 'wrong');
    }
    const account = await this.signIn(origin.interactionUid, outcome.email).catch(async (error: unknown) => {
      if (!(error instanceof ChallengeRejectedError)) await attempt.release();
      throw error;
    });
    await attempt.succeeded();
    this.logger.log({ ...logged, outcome: 'success', sub: account.id });
    return account;
  }

  private async sendTo(identifier: string, origin: EmailCodeOrigin): Promise<Pick<PendingEmailCode, 'accountId' | 'challengeId' | 'codeExpiresAt'>> {
    const codeExpiresAt = new Date(Date.now() + CODE_LIFETIME_MS);
    const logged = { event: 'sign_in.email_code_request', ip: origin.circumstances.ipAddress, interaction: origin.interactionUid, identifier };
    const recipient = await this.recipientFor(identifier);
    if (!recipient) {
      await this.times.imitate('send', () => this.signals.roundTrip());
      this.logger.warn({ ...logged, outcome: 'not_sent', reason: 'no enabled account with a verified address' });
      return { accountId: null, challengeId: null, codeExpiresAt };
    }
    const sending = await this.times.measure('send', () =>
      this.signals.sendEmailCode({ email: recipient.email!, action: this.action, ...origin.circumstances }),
    );
    if (!sending.sent) {
      this.logger.warn({ ...logged, outcome: 'not_sent', reason: `Authsignal declined (${sending.reason})`, sub: recipient.id });
      return { accountId: null, challengeId: null, codeExpiresAt };
    }
    this.logger.log({ ...logged, outcome: 'sent', sub: recipient.id });
    return { accountId: recipient.id, challengeId: sending.challengeId, codeExpiresAt };
  }

  /** The enabled account the identifier names (a username, else an address), if its address is verified. */
  private async recipientFor(identifier: string): Promise<Account | null> {
    if (identifier === '') return null;
    const account = (await this.users.findByUsername(identifier)) ?? (identifier.includes('@') ? await this.users.findByEmail?.(identifier) : null) ?? null;
    return account?.enabled && account.email && account.emailVerified ? account : null;
  }

  private async check(pending: PendingEmailCode, code: string): Promise<EmailCodeCheck> {
    if (!pending.challengeId || !CODE_PATTERN.test(code)) {
      // Nobody was sent a code (or this is no code at all): wrong, after as long as Authsignal would take to say so.
      await this.times.imitate('verify', () => this.signals.roundTrip());
      return { verified: false, reason: 'wrong-or-expired' };
    }
    return this.times.measure('verify', () => this.signals.verifyEmailCode(pending.challengeId!, code));
  }

  /**
   * The right code: taken once (of two concurrent right answers one goes on), claimed for its account,
   * accepted once, for an account still enabled and still at the address the code went to.
   */
  private async signIn(interactionUid: string, verifiedEmail: string | undefined): Promise<Account> {
    const taken = await this.pendingCodes.take(interactionUid);
    if (!taken?.challengeId || !taken.accountId) throw new ChallengeRejectedError('the email code was used already');
    const token = await this.signals.claimEmailCode(taken.challengeId, taken.accountId);
    await this.signals.acceptChallenge(token, { actionCode: this.action, userId: taken.accountId, verificationMethod: METHOD });
    const account = await this.users.findById(taken.accountId);
    if (!account?.enabled) throw new ChallengeRejectedError(account ? 'user is disabled' : 'user does not exist here');
    if (verifiedEmail !== undefined && !sameAddress(verifiedEmail, account.email)) throw new ChallengeRejectedError('the account’s address changed since the code was sent');
    return account;
  }

  private async pendingFor(req: Request, interactionUid: string): Promise<PendingEmailCode> {
    const pending = await this.pending(req, interactionUid);
    if (!pending) throw new InteractionUnavailableError('no email code was asked for in this interaction');
    return pending;
  }
}

const sameAddress = (a: string, b: string | null): boolean => b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
