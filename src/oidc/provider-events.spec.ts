import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type Provider from 'oidc-provider';
import { logProviderRefusals } from './provider-events.js';

const SECRET = 'the-client-secret-never-logged-0123456789';

/** What the provider's error handler hands its listeners: a Koa context and the refusal. */
const aContext = (overrides: { client?: string; params?: Record<string, unknown>; authorization?: string } = {}) => ({
  oidc: { client: overrides.client ? { clientId: overrides.client } : undefined, params: overrides.params ?? {} },
  get: (header: string) => (header === 'authorization' ? (overrides.authorization ?? '') : ''),
});

function listen() {
  const provider = new EventEmitter();
  const lines: Array<Record<string, unknown>> = [];
  const logger = { warn: (line: Record<string, unknown>) => lines.push(line), log: (line: Record<string, unknown>) => lines.push(line), error: () => undefined };
  logProviderRefusals(provider as unknown as Provider, logger);
  return { provider, lines };
}

describe(logProviderRefusals.name, () => {
  it('logs a token refusal with its code, description, client, grant type and the scope it names', () => {
    const { provider, lines } = listen();
    const ctx = aContext({ client: 'intranet', params: { grant_type: 'refresh_token', refresh_token: 'rt-secret-value', scope: 'openid offline_access' } });
    provider.emit('grant.error', ctx, { error: 'invalid_scope', error_description: 'refresh token missing requested scope', scope: 'offline_access' });

    expect(lines).toEqual([
      { event: 'oidc.token_refused', error: 'invalid_scope', description: 'refresh token missing requested scope', client: 'intranet', grantType: 'refresh_token', scope: 'offline_access' },
    ]);
    expect(JSON.stringify(lines)).not.toContain('rt-secret-value');
  });

  it('names the client a refused Basic authentication claimed, never its secret', () => {
    const { provider, lines } = listen();
    const authorization = `Basic ${Buffer.from(`partner%20crm:${SECRET}`).toString('base64')}`;
    provider.emit('grant.error', aContext({ authorization, params: { grant_type: 'authorization_code', code: 'a-code' } }), { error: 'invalid_client', error_description: 'client authentication failed' });

    expect(lines[0]).toMatchObject({ event: 'oidc.token_refused', error: 'invalid_client', client: 'partner crm', grantType: 'authorization_code' });
    expect(JSON.stringify(lines)).not.toMatch(new RegExp(`${SECRET}|a-code`));
  });

  it('logs introspection and revocation refusals, and back-channel logout deliveries and failures', () => {
    const { provider, lines } = listen();
    provider.emit('introspection.error', aContext({ params: { client_id: 'api' } }), { error: 'invalid_client' });
    provider.emit('revocation.error', aContext({ client: 'intranet' }), { error: 'invalid_request', error_description: 'client is not authorized to revoke the presented token' });
    const failure = new Error('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    provider.emit('backchannel.error', aContext(), failure, { clientId: 'client-app' }, 'account-1', 'sid-1');
    provider.emit('backchannel.success', aContext(), { clientId: 'client-app' }, 'account-1', 'sid-2');

    expect(lines).toEqual([
      expect.objectContaining({ event: 'oidc.introspection_refused', client: 'api', error: 'invalid_client' }),
      expect.objectContaining({ event: 'oidc.revocation_refused', client: 'intranet', error: 'invalid_request' }),
      { event: 'oidc.backchannel_logout_failed', client: 'client-app', sid: 'sid-1', reason: 'fetch failed', cause: 'connect ECONNREFUSED' },
      { event: 'oidc.backchannel_logout_delivered', client: 'client-app', sid: 'sid-2' },
    ]);
  });

  it('shortens a client id the caller made up', () => {
    const { provider, lines } = listen();
    provider.emit('grant.error', aContext({ params: { client_id: 'x'.repeat(5_000) } }), { error: 'invalid_client' });
    expect((lines[0].client as string).length).toBe(128);
  });
});
