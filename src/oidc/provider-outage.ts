import { Logger } from '@nestjs/common';
import { errors } from 'oidc-provider';
import { DatabaseUnavailableError } from '../database/database.errors.js';

const logger = new Logger('OidcProvider');

/**
 * What the provider does with a database outage: OAuth's `temporarily_unavailable` with status 503.
 * The provider then redirects it to the client when the request names a valid redirect URI (as RFC
 * 6749 §4.1.2.1 says), renders our outage page otherwise, and answers its JSON endpoints with it.
 * Without this, an outage was an opaque `server_error` 500.
 */
export function asProviderOutage(error: unknown, operation: string): never {
  if (!(error instanceof DatabaseUnavailableError)) throw error;
  logger.error({ event: 'database.unavailable', operation, cause: error.message });
  const outage = new errors.TemporarilyUnavailable('the service is temporarily unavailable, try again in a few minutes', { cause: error });
  Object.assign(outage, { status: 503, statusCode: 503 });
  throw outage;
}
