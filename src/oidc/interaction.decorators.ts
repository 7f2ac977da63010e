import { applyDecorators, createParamDecorator, type ExecutionContext, Post, SetMetadata, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import type Provider from 'oidc-provider';
import { CsrfGuard } from '../common/web/csrf.js';

export type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

export type InteractionRequest = Request & { interaction: InteractionDetails };

export const EXPECTED_PROMPT = 'interaction:expected-prompt';

/** The prompt (`login`, `consent`) a handler serves; any other state of the interaction is refused. */
export const ExpectPrompt = (prompt: string) => SetMetadata(EXPECTED_PROMPT, prompt);

/** A form of the page that answers `prompt`, posted to `path`: its CSRF token and origin are checked before the handler runs. */
export const PromptForm = (prompt: string, path?: string) => applyDecorators(Post(path), ExpectPrompt(prompt), UseGuards(CsrfGuard));

/** The current interaction's details, loaded and checked by `InteractionGuard`. */
export const Interaction = createParamDecorator(
  (_data: unknown, context: ExecutionContext): InteractionDetails => context.switchToHttp().getRequest<InteractionRequest>().interaction,
);
