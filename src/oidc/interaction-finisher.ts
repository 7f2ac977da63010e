import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthenticationContext } from './authentication-context.js';
import { IdentityServerMetrics } from '../metrics/identity-server-metrics.js';
import { BINDING_RESULT_KEY, BrowserBinding } from './browser-binding.js';
import { ProviderHolder } from './provider-holder.js';
import type { InteractionRequest } from './interaction.decorators.js';

/**
 * The one place that hands an interaction's result to the provider, which then redirects back to
 * `/auth/:uid` (rotating the session id when it signs someone in). Every result names the browser
 * binding this browser now holds, so only this browser can resume it (see `BrowserBinding`).
 */
@Injectable()
export class InteractionFinisher {
  constructor(
    private readonly providers: ProviderHolder,
    private readonly binding: BrowserBinding,
    private readonly metrics: IdentityServerMetrics,
  ) {}

  /** The user is signed in, proven by `context`. Anything a previous submission of this interaction held is dropped. */
  async signedIn(req: Request, res: Response, interactionUid: string, accountId: string, context: AuthenticationContext): Promise<void> {
    await this.finish(req, res, interactionUid, { login: { accountId, amr: context.amr, acr: context.acr, remember: true } }, false);
    this.metrics.signedIn(context.amr);
  }

  /** The user allowed the grant; the sign-in submitted earlier in this flow stands. */
  consented(req: Request, res: Response, interactionUid: string, grantId: string): Promise<void> {
    return this.finish(req, res, interactionUid, { consent: { grantId } }, true);
  }

  /** The user cancelled: the client gets `access_denied`. */
  cancelled(req: Request, res: Response, interactionUid: string): Promise<void> {
    return this.failed(req, res, interactionUid, 'access_denied', 'The user cancelled the request');
  }

  /** The sign-in ends with an OAuth error for the client (e.g. `unmet_authentication_requirements`), and no session. */
  failed(req: Request, res: Response, interactionUid: string, error: string, description: string): Promise<void> {
    return this.finish(req, res, interactionUid, { error, error_description: description }, false);
  }

  /**
   * What `provider.interactionFinished` does, with the interaction the guard loaded for this request
   * (its `save`, its `returnTo`) instead of finding it a second time; the provider's own call when the
   * request has none (a step that finished without the guard).
   */
  private async finish(req: Request, res: Response, interactionUid: string, result: Record<string, unknown>, mergeWithLastSubmission: boolean): Promise<void> {
    const browserBinding = this.binding.renew(res, interactionUid);
    const full = { ...result, [BINDING_RESULT_KEY]: browserBinding };
    const loaded = (req as Partial<InteractionRequest>).interaction;
    if (loaded?.uid !== interactionUid) return this.providers.current.interactionFinished(req, res, full, { mergeWithLastSubmission });
    loaded.result = mergeWithLastSubmission && !('error' in full) ? { ...loaded.lastSubmission, ...full } : full;
    await loaded.save(loaded.exp - Math.floor(Date.now() / 1000));
    res.status(303).setHeader('Content-Length', '0');
    res.setHeader('Location', loaded.returnTo);
    res.end();
  }
}
