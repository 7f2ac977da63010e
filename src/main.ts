import { createIdentityServer } from './identity-server.js';
import { ConfigError, loadConfig } from './config/load-config.js';

/** Standalone identity server: validated config, migrated database, listening. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createIdentityServer(config);
  await app.listen(config.http.port, config.http.host);
  console.log(`Identity server ready at ${config.issuer}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
