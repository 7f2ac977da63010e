import { startClientApp } from './client-app.js';
import { ClientAppConfigError, loadClientAppConfig } from './config/client-app.config.js';

// The client app on its own: `node dist/client-app/src/main.js`.
try {
  const config = loadClientAppConfig();
  const { app, url } = await startClientApp(config);
  app.enableShutdownHooks();
  console.log(`Client app listening on ${url} (public URL ${config.url}, identity server ${config.oidc.issuer})`);
} catch (error) {
  // A configuration mistake is the operator's to fix: say which variable, without a stack trace.
  console.error(error instanceof ClientAppConfigError ? error.message : error);
  process.exit(1);
}
