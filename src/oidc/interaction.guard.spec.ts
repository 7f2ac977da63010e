import { describe, expect, it, jest } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type Provider from 'oidc-provider';
import { EXPECTED_PROMPT, type InteractionRequest } from './interaction.decorators.js';
import { InteractionUnavailableError } from './interaction.errors.js';
import { InteractionGuard } from './interaction.guard.js';
import { ProviderHolder } from './provider-holder.js';

const details = (overrides: Record<string, unknown> = {}) => ({ uid: 'uid-1', prompt: { name: 'login' }, params: {}, ...overrides });

function contextFor(uidInUrl: string, expectedPrompt?: string) {
  const req = { params: { uid: uidInUrl } } as unknown as InteractionRequest;
  const handler = () => undefined;
  if (expectedPrompt) Reflect.defineMetadata(EXPECTED_PROMPT, expectedPrompt, handler);
  const context = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}) }),
    getHandler: () => handler,
  } as unknown as ExecutionContext;
  return { req, context };
}

function guardWith(interactionDetails: () => Promise<unknown>) {
  const provider = { interactionDetails: jest.fn(interactionDetails), callback: () => jest.fn() } as unknown as Provider;
  return new InteractionGuard(new ProviderHolder(provider, 'keys'), new Reflector());
}

describe(InteractionGuard.name, () => {
  it('attaches the interaction when this browser’s cookie matches the URL and the prompt is expected', async () => {
    const { req, context } = contextFor('uid-1', 'login');
    await expect(guardWith(async () => details()).canActivate(context)).resolves.toBe(true);
    expect(req.interaction.uid).toBe('uid-1');
  });

  it('refuses a uid in the URL that is not the interaction of this browser’s cookie', async () => {
    const { context } = contextFor('someone-elses-uid');
    await expect(guardWith(async () => details()).canActivate(context)).rejects.toThrow(InteractionUnavailableError);
  });

  it('refuses a browser without an interaction cookie (the provider reports the session missing)', async () => {
    const { context } = contextFor('uid-1');
    const guard = guardWith(async () => {
      throw new Error('interaction session id cookie not found');
    });
    await expect(guard.canActivate(context)).rejects.toThrow(InteractionUnavailableError);
  });

  it('refuses an interaction at another prompt than the handler serves', async () => {
    const { context } = contextFor('uid-1', 'login');
    await expect(guardWith(async () => details({ prompt: { name: 'consent' } })).canActivate(context)).rejects.toThrow(/not at the login prompt/);
  });
});
