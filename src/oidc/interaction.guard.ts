import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type Provider from 'oidc-provider';
import { EXPECTED_PROMPT, type InteractionRequest } from './interaction.decorators.js';
import { InteractionUnavailableError } from './interaction.errors.js';
import { causedByDatabaseOutage, DatabaseUnavailableError } from '../database/database.errors.js';
import { OIDC_PROVIDER } from './oidc.constants.js';

/**
 * Loads the interaction from this browser's interaction cookie and checks it is the one in the URL and
 * at the expected prompt. A uid alone never continues a sign-in: the cookie of the browser that started it must match.
 */
@Injectable()
export class InteractionGuard implements CanActivate {
  constructor(
    @Inject(OIDC_PROVIDER) private readonly provider: Provider,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<InteractionRequest>();
    const details = await this.provider.interactionDetails(req, http.getResponse<Response>()).catch((error: Error) => {
      // An outage is not an expired sign-in: it gets the outage page, and the user can simply retry.
      if (causedByDatabaseOutage(error)) throw new DatabaseUnavailableError('loading the interaction', { cause: error });
      throw new InteractionUnavailableError(error.message);
    });
    if (details.uid !== req.params.uid) throw new InteractionUnavailableError('uid does not match this browser');
    const expected = this.reflector.get<string | undefined>(EXPECTED_PROMPT, context.getHandler());
    if (expected && details.prompt.name !== expected) throw new InteractionUnavailableError(`not at the ${expected} prompt`);
    req.interaction = details;
    return true;
  }
}
