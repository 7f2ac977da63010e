import { Logger } from '@nestjs/common';
import { startClientApp } from './client-app.js';
import { ClientAppConfigError, loadClientAppConfig } from './config/client-app.config.js';

// The client app on its own: `node dist/client-app/src/main.js`.
try {
  const config = loadClientAppConfig();
  const { app, url } = await startClientApp(config);
  app.enableShutdownHooks();
  new Logger('ClientApp').log({ event: 'server.ready', url: config.url, listening: url, issuer: config.oidc.issuer });
} catch (error) {
  // A configuration mistake is the operator's to fix: say which variable, without a stack trace.
  console.error(error instanceof ClientAppConfigError ? error.message : error);
  process.exit(1);
}
