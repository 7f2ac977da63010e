import { Logger } from '@nestjs/common';
import { createIdentityServer } from './identity-server.js';
import { ConfigError, loadConfig } from './config/load-config.js';

/**
 * The identity server alone, as production runs it (`node dist/src/main.js`; docs/operations.md):
 * validated config, migrated database, listening; it stops cleanly on SIGTERM or SIGINT.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createIdentityServer(config);
  await app.listen(config.http.port, config.http.host);
  new Logger('IdentityServer').log({ event: 'server.ready', issuer: config.issuer, listening: `${config.http.host}:${config.http.port}` });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
