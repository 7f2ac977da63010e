import { startEmulator } from '../authsignal-emulator/src/emulator.js';
import { loadEmulatorConfig } from '../authsignal-emulator/src/emulator.config.js';
import { startClientApp } from '../client-app/src/client-app.js';
import { ClientAppConfigError, loadClientAppConfig } from '../client-app/src/config/client-app.config.js';
import { createIdentityServer } from '../src/identity-server.js';
import { ConfigError, loadConfig } from '../src/config/load-config.js';
import { DEMO_TOTP_SECRET, DEMO_TOTP_USERNAME } from '../src/demo/demo-authenticator.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/users/demo-users.js';

/**
 * `npm start`: the Authsignal emulator, the identity server and the client app in one process, on
 * their default ports, with embedded storage — ready to sign in at the client app.
 */
async function main(): Promise<void> {
  const identityConfig = loadConfig();
  const clientConfig = loadClientAppConfig();

  const emulator = await startEmulator(loadEmulatorConfig());
  const identityServer = await createIdentityServer(identityConfig);
  await identityServer.listen(identityConfig.http.port, identityConfig.http.host);
  const client = await startClientApp(clientConfig);

  const demo = identityConfig.seedDemoUsers
    ? `\n  Demo users (password ${DEMO_PASSWORD}): ${DEMO_USERS.map((user) => user.username).join(', ')}` +
      `\n  ${DEMO_TOTP_USERNAME}'s authenticator app secret: ${DEMO_TOTP_SECRET} (add it to an authenticator app, or run: npm run demo:code)`
    : '';
  console.log(`
  Ready. Open ${client.url} and sign in.${demo}

  Identity server      ${identityConfig.issuer}
  Client app           ${client.url}
  Authsignal emulator  ${emulator.url}
`);

  const stop = async () => {
    await Promise.allSettled([client.app.close(), identityServer.close(), emulator.close()]);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // A configuration mistake is the operator's to fix: say which variable, without a stack trace.
  const isConfigError = error instanceof ConfigError || error instanceof ClientAppConfigError;
  console.error(isConfigError ? error.message : error);
  process.exit(1);
});
