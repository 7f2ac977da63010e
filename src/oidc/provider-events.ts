import type { LoggerService } from '@nestjs/common';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

/** Longest client id quoted in a log line: an unknown one is whatever the caller sent. */
const MAX_LOGGED_CLIENT_ID = 128;

interface ProviderRefusal {
  error?: string;
  error_description?: string;
  scope?: string;
}

/**
 * The provider's refusals at its machine endpoints, each logged with its reason: without them an operator
 * sees only `POST /token 400`. Never a secret or a token: the error code and description (the provider's
 * own words), the client id, the grant type, and the scope a refusal names.
 */
export function logProviderRefusals(provider: Provider, logger: LoggerService): void {
  const refusal = (event: string) => (ctx: KoaContextWithOIDC, error: ProviderRefusal) =>
    logger.warn({
      event,
      error: error.error,
      description: error.error_description,
      client: clientIdOf(ctx),
      grantType: typeof ctx.oidc?.params?.grant_type === 'string' ? ctx.oidc.params.grant_type : undefined,
      ...(error.error === 'invalid_scope' && error.scope ? { scope: error.scope } : {}),
    });
  provider.on('grant.error', refusal('oidc.token_refused'));
  provider.on('introspection.error', refusal('oidc.introspection_refused'));
  provider.on('revocation.error', refusal('oidc.revocation_refused'));
  provider.on('pushed_authorization_request.error', refusal('oidc.pushed_request_refused'));
  // A relying party that cannot be told about a logout is the operator's to fix; the user's logout goes on.
  provider.on('backchannel.error', (_ctx, error, client, _accountId, sid) =>
    logger.warn({ event: 'oidc.backchannel_logout_failed', client: client.clientId, sid, reason: error.message, cause: (error.cause as Error | undefined)?.message }),
  );
  provider.on('backchannel.success', (_ctx, client, _accountId, sid) => logger.log({ event: 'oidc.backchannel_logout_delivered', client: client.clientId, sid }));
}

/** The client that was refused: the authenticated one, else the id it claimed (form or Basic user name, never the password). */
function clientIdOf(ctx: KoaContextWithOIDC): string | undefined {
  const claimed = ctx.oidc?.client?.clientId ?? ctx.oidc?.params?.client_id ?? basicUserName(ctx.get('authorization'));
  return typeof claimed === 'string' ? claimed.slice(0, MAX_LOGGED_CLIENT_ID) : undefined;
}

function basicUserName(header: string): string | undefined {
  const [scheme, credentials] = header.split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !credentials) return undefined;
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return undefined;
  try {
    return decodeURIComponent(decoded.slice(0, separator));
  } catch {
    return decoded.slice(0, separator);
  }
}
