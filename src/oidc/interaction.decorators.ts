import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type Provider from 'oidc-provider';

export type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

export type InteractionRequest = Request & { interaction: InteractionDetails };

export const EXPECTED_PROMPT = 'interaction:expected-prompt';

/** The prompt (`login`, `consent`) a handler serves; any other state of the interaction is refused. */
export const ExpectPrompt = (prompt: string) => SetMetadata(EXPECTED_PROMPT, prompt);

/** The current interaction's details, loaded and checked by `InteractionGuard`. */
export const Interaction = createParamDecorator(
  (_data: unknown, context: ExecutionContext): InteractionDetails => context.switchToHttp().getRequest<InteractionRequest>().interaction,
);
