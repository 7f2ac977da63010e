import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthenticationContext } from './authentication-context.js';
import { BROWSER_BINDING_COOKIE, BrowserBinding, bindingMatches } from './browser-binding.js';
import { FollowUpSteps, type SignInProgress } from './follow-up-steps.js';
import type { InteractionDetails } from './interaction.decorators.js';
import { InteractionUnavailableError } from './interaction.errors.js';
import { InteractionFinisher } from './interaction-finisher.js';
import { ProviderHolder } from './provider-holder.js';
import { acrToClaim, meetsRequest, requestedAuthentication } from './requested-authentication.js';
import type { SignInCircumstances } from './sign-in-circumstances.js';
import type { Account } from '../users/user-store.js';
import { SignInProgressRepository } from './sign-in-progress.repository.js';

/** What earlier steps of this interaction proved, for the browser that proved it. */
export interface ProvenSoFar {
  accountId: string;
  context: AuthenticationContext;
}

/** What a step proved: who, how, and the account when the step has just read it (the follow-ups need not read it again). */
export interface Proven extends ProvenSoFar {
  account?: Account;
}

/**
 * How a sign-in moves between steps, so that no step knows another: a step that proved something
 * (a password, a second factor, a passkey) calls `proven`; each registered follow-up step may then take
 * over (the browser goes to it, with a fresh browser binding); when none does, the sign-in finishes with
 * the acr the client asked for, or, if it asked for an essential acr this sign-in does not meet, with
 * `unmet_authentication_requirements` and no token (OpenID Connect Core 5.5.1.1).
 */
@Injectable()
export class SignInFlow {
  private readonly logger = new Logger(SignInFlow.name);

  constructor(
    private readonly providers: ProviderHolder,
    private readonly followUps: FollowUpSteps,
    private readonly progressStore: SignInProgressRepository,
    private readonly binding: BrowserBinding,
    private readonly finisher: InteractionFinisher,
  ) {}

  /** Requests that read the stored progress: only theirs has a row for the finish to remove. */
  private readonly progressRead = new WeakSet<Request>();

  async proven(req: Request, res: Response, interaction: InteractionDetails, proven: Proven, circumstances: SignInCircumstances): Promise<void> {
    const progress = await this.progressOf(interaction, proven, circumstances);
    for (const step of this.followUps.ordered()) {
      const next = await step.next(progress);
      if (!next) continue;
      const browserBinding = this.binding.renew(res, interaction.uid);
      await this.progressStore.save({ interactionUid: interaction.uid, accountId: proven.accountId, context: proven.context, browserBinding });
      return void res.redirect(303, next.location);
    }
    await this.finish(req, res, interaction, progress);
  }

  /** What the steps before proved in this interaction; only the browser that proved it may go on from there. */
  async provenSoFar(req: Request, interactionUid: string): Promise<ProvenSoFar> {
    const stored = await this.progressStore.find(interactionUid);
    if (!stored) throw new InteractionUnavailableError('no earlier step passed in this interaction');
    this.progressRead.add(req);
    if (!bindingMatches(req.cookies?.[BROWSER_BINDING_COOKIE], stored.browserBinding)) {
      throw new InteractionUnavailableError('not the browser that passed the previous step');
    }
    return { accountId: stored.accountId, context: stored.context };
  }

  /**
   * A first step that finishes at once (a password the policy lets through, a passkey) has nothing
   * stored to remove, so the finish writes nothing for it. (A row left by an earlier pass of the same
   * interaction, the user having gone back, expires with it: the interaction ends here, so no step can
   * continue from that row.)
   */
  private async finish(req: Request, res: Response, interaction: InteractionDetails, progress: SignInProgress): Promise<void> {
    if (this.progressRead.has(req)) await this.progressStore.take(interaction.uid);
    if (progress.requested.essential && !meetsRequest(progress.context, progress.requested)) {
      this.logger.warn({ event: 'sign_in.unmet_acr', interaction: interaction.uid, requested: progress.requested.acrValues, acr: progress.context.acr });
      return this.finisher.failed(req, res, interaction.uid, 'unmet_authentication_requirements', 'the requested authentication level was not met');
    }
    const context = { amr: progress.context.amr, acr: acrToClaim(progress.context, progress.requested) };
    await this.finisher.signedIn(req, res, interaction.uid, progress.accountId, context);
  }

  private async progressOf(interaction: InteractionDetails, proven: Proven, circumstances: SignInCircumstances): Promise<SignInProgress> {
    const clientId = String(interaction.params.client_id);
    const client = await this.providers.current.Client.find(clientId);
    return {
      interactionUid: interaction.uid,
      accountId: proven.accountId,
      account: proven.account?.id === proven.accountId ? proven.account : undefined,
      context: proven.context,
      client: { id: clientId, metadata: (client?.metadata() ?? {}) as Record<string, unknown> },
      requested: requestedAuthentication(interaction.params),
      circumstances,
    };
  }
}
