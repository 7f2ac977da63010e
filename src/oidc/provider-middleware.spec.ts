import { describe, expect, it, jest } from '@jest/globals';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type Provider from 'oidc-provider';
import { BUILT_IN_MESSAGES } from '../branding/messages.js';
import { DatabaseUnavailableError } from '../database/database.errors.js';
import { providerErrorBoundary, requireBrowserBindingOnResume } from './provider-middleware.js';

type ProviderMiddleware = Parameters<Provider['use']>[0];
type Context = Parameters<ProviderMiddleware>[0];

/** The little of a Koa context these layers use, over a real response, for an API caller. */
function context(path: string, method = 'GET'): Context & { res: ServerResponse } {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  return { res, path, method, status: 404, body: undefined, accepts: () => 'json' } as unknown as Context & { res: ServerResponse };
}

describe(providerErrorBoundary.name, () => {
  it('answers an error the provider left to Koa with a JSON body, the request id and none of the headers the provider had set', async () => {
    const ctx = context('/token', 'POST');
    ctx.res.setHeader('X-Request-Id', 'request-1');
    const answered = jest.fn();
    const boundary = providerErrorBoundary(BUILT_IN_MESSAGES, answered);

    await boundary(ctx, async () => {
      ctx.res.setHeader('Set-Cookie', '_session=half-written');
      throw new Error('the session could not be saved');
    });

    expect(ctx.status).toBe(500);
    expect(ctx.body).toEqual({ error: 'server_error', error_description: 'an unexpected error occurred', request_id: 'request-1' });
    expect(ctx.res.getHeaders()).toEqual({ 'x-request-id': 'request-1' });
    expect(answered).toHaveBeenCalledTimes(1);
  });

  it('answers a database outage with 503 temporarily_unavailable', async () => {
    const ctx = context('/token', 'POST');
    await providerErrorBoundary(BUILT_IN_MESSAGES)(ctx, async () => {
      throw new Error('storage failed', { cause: new DatabaseUnavailableError('the database did not answer in time') });
    });
    expect(ctx.status).toBe(503);
    expect(ctx.body).toMatchObject({ error: 'temporarily_unavailable' });
  });

  it('answers a provider path without a route for its method with a JSON 404', async () => {
    const ctx = context('/jwks', 'DELETE');
    await providerErrorBoundary(BUILT_IN_MESSAGES)(ctx, async () => undefined);
    expect(ctx.status).toBe(404);
    expect(ctx.body).toEqual({ error: 'not_found', error_description: 'there is no DELETE /jwks' });
  });
});

describe(requireBrowserBindingOnResume.name, () => {
  it('passes every request but a resume straight on, without reading the interaction', async () => {
    const find = jest.fn();
    const provider = { Interaction: { find }, cookieName: () => '_interaction_resume' } as unknown as Provider;
    const next = jest.fn(async () => undefined);
    for (const [path, method] of [['/token', 'POST'], ['/jwks', 'GET'], ['/auth', 'GET'], ['/auth/abc/extra', 'GET'], ['/auth/abc', 'DELETE']]) {
      await requireBrowserBindingOnResume(provider, BUILT_IN_MESSAGES)(context(path, method), next);
    }
    expect(next).toHaveBeenCalledTimes(5);
    expect(find).not.toHaveBeenCalled();
  });
});
