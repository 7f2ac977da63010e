import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { EXPECTED_PROMPT, type InteractionRequest } from './interaction.decorators.js';
import { InteractionUnavailableError } from './interaction.errors.js';
import { causedByDatabaseOutage, DatabaseUnavailableError } from '../database/database.errors.js';
import { ProviderHolder } from './provider-holder.js';

/**
 * Loads the interaction from this browser's interaction cookie and checks it is the one in the URL and
 * at the expected prompt. A uid alone never continues a sign-in: the cookie of the browser that started it must match.
 */
@Injectable()
export class InteractionGuard implements CanActivate {
  constructor(
    private readonly providers: ProviderHolder,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<InteractionRequest>();
    const details = await this.providers.current.interactionDetails(req, http.getResponse<Response>()).catch((error: Error) => {
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
