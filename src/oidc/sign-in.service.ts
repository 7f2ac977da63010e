import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import { type AuthenticationContext, PASSWORD_ONLY } from '../common/authentication-context.js';
import { LoginStateRepository } from '../login/login-state.repository.js';
import { SignInRefusedError } from '../mfa/mfa.errors.js';
import { MfaService } from '../mfa/mfa.service.js';
import type { PasskeySignIn } from '../passkeys/passkey-sign-in.service.js';
import type { User } from '../users/user.js';
import { BROWSER_BINDING_COOKIE, BrowserBinding, bindingMatches } from './browser-binding.js';
import { InteractionFinisher } from './interaction-finisher.js';
import { InteractionUnavailableError } from './interaction.errors.js';

/** The browser SDK's device id cookie: an opaque id, passed to Authsignal's rules when well-formed. */
const DEVICE_ID_COOKIE = '__as_aid';
const DEVICE_ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

/**
 * Moves an interaction through its steps — password, then Authsignal's decision, then a challenge —
 * and finishes it exactly once with how the user signed in. Each step renews the interaction's
 * browser binding, and the next step (or the resume) must come from the browser holding it.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly finisher: InteractionFinisher,
    private readonly loginStates: LoginStateRepository,
    private readonly mfa: MfaService,
    private readonly binding: BrowserBinding,
  ) {}

  /** After a correct password: finish, send the browser to the challenge page, or refuse. */
  async passwordVerified(req: Request, res: Response, interactionUid: string, user: User): Promise<void> {
    const deviceId = req.cookies?.[DEVICE_ID_COOKIE];
    const decision = await this.mfa.afterPassword(user, {
      interactionUid,
      ipAddress: req.ip,
      userAgent: req.get('user-agent')?.slice(0, 512),
      deviceId: typeof deviceId === 'string' && DEVICE_ID_PATTERN.test(deviceId) ? deviceId : undefined,
    });
    if (decision.kind === 'refuse') {
      await this.loginStates.take(interactionUid);
      throw new SignInRefusedError(decision.state);
    }
    if (decision.kind === 'finish') return this.finish(req, res, interactionUid, user.id, PASSWORD_ONLY);
    const challenge = { idempotencyKey: decision.idempotencyKey, url: decision.url };
    const browserBinding = this.binding.renew(res, interactionUid);
    await this.loginStates.save({ interactionUid, accountId: user.id, step: 'mfa', ...PASSWORD_ONLY, challenge, browserBinding });
    res.redirect(303, `/interaction/${encodeURIComponent(interactionUid)}/mfa`);
  }

  /** The pre-built UI URL of this interaction's pending challenge, for the browser that passed the password. */
  async pendingChallengeUrl(req: Request, interactionUid: string): Promise<string> {
    const state = await this.loginStates.find(interactionUid);
    if (state?.step !== 'mfa' || !state.challenge) throw new InteractionUnavailableError('no challenge pending');
    assertSameBrowser(req, state.browserBinding);
    return state.challenge.url;
  }

  /** The MFA callback: the token must complete this interaction's pending challenge, in the browser that passed the password. */
  async challengeReturned(req: Request, res: Response, interactionUid: string, token: unknown): Promise<void> {
    const state = await this.loginStates.find(interactionUid);
    if (state?.step !== 'mfa' || !state.challenge) throw new ChallengeRejectedError('no password step passed in this interaction');
    assertSameBrowser(req, state.browserBinding);
    const context = await this.mfa.complete(token, { accountId: state.accountId, idempotencyKey: state.challenge.idempotencyKey });
    await this.finish(req, res, interactionUid, state.accountId, context);
  }

  async passkeyVerified(req: Request, res: Response, interactionUid: string, { user, context }: PasskeySignIn): Promise<void> {
    await this.finish(req, res, interactionUid, user.id, context);
  }

  /** Any half-finished step of this interaction is removed first, so nothing continues it afterwards. */
  private async finish(req: Request, res: Response, interactionUid: string, accountId: string, context: AuthenticationContext): Promise<void> {
    await this.loginStates.take(interactionUid);
    await this.finisher.signedIn(req, res, interactionUid, accountId, context);
  }
}

function assertSameBrowser(req: Request, browserBinding: string | undefined): void {
  if (!bindingMatches(req.cookies?.[BROWSER_BINDING_COOKIE], browserBinding)) {
    throw new InteractionUnavailableError('not the browser that passed the previous step');
  }
}
