import { setTimeout as sleep } from 'node:timers/promises';
import { loadEmulatorConfig } from '../authsignal-emulator/src/emulator.config.js';
import { ClientAppConfigError, loadClientAppConfig } from '../client-app/src/config/client-app.config.js';
import { ConfigError, loadConfig } from '../src/config/load-config.js';
import { DEMO_TOTP_SECRET, DEMO_TOTP_USERNAME } from '../src/demo/demo-authenticator.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/users/demo-users.js';
import { type AppProcess, describeExit, startAppProcess } from './app-process.js';
import { formatLogLine } from './dev-logs.js';

/** A first start creates the embedded database (PGlite) and migrates it: allow for it. */
const READY_TIMEOUT_MS = 120_000;
/** The banner waits for the apps' start-up lines to stop arriving, at most this long. */
const QUIET_MS = 250;
const QUIET_AT_MOST_MS = 3_000;
const STOP_GRACE_MS = 10_000;

/**
 * `npm start`: the Authsignal emulator, the identity server and the client app, each in a process of its
 * own started from its production entry point (`node dist/…/main.js`, as docs/operations.md runs them),
 * on their default ports with embedded storage — in that order, since the identity server enrols the
 * demo authenticator app through the emulator. In a terminal their JSON logs are shown as readable lines
 * (as they are when not a terminal, or in production), and the banner comes last, once all three answer.
 */
async function main(): Promise<void> {
  // Checked here first, so that a mistake is one message rather than one per app.
  const identityConfig = loadConfig();
  const clientConfig = loadClientAppConfig();
  const emulatorConfig = loadEmulatorConfig();

  const readable = Boolean(process.stdout.isTTY) && identityConfig.env !== 'production';
  let lastOutputAt = Date.now();
  const show = (app: string) => (line: string, stream: 'stdout' | 'stderr') => {
    lastOutputAt = Date.now();
    (stream === 'stdout' ? process.stdout : process.stderr).write(`${readable ? formatLogLine(line, app, { color: true }) : line}\n`);
  };

  const apps: AppProcess[] = [];
  let stopping = false;
  const stopAll = async (signal: NodeJS.Signals) => {
    stopping = true;
    for (const app of [...apps].reverse()) await app.stop(signal, STOP_GRACE_MS);
  };
  // Ctrl-C reaches every process of the terminal's group: the apps stop by themselves; a signal to this
  // process alone (a process manager's SIGTERM) is passed on.
  process.once('SIGINT', () => void sleep(2_000).then(() => stopAll('SIGTERM')).then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll('SIGTERM').then(() => process.exit(0)));

  const specs = [
    { name: 'authsignal-emulator', script: 'dist/authsignal-emulator/src/main.js', readyUrl: `${listenUrl(emulatorConfig.host, emulatorConfig.port)}/` },
    { name: 'identity-server', script: 'dist/src/main.js', readyUrl: `${listenUrl(identityConfig.http.host, identityConfig.http.port)}/health` },
    { name: 'client-app', script: 'dist/client-app/src/main.js', readyUrl: `${listenUrl(clientConfig.http.host, clientConfig.http.port)}/health` },
  ];
  try {
    for (const spec of specs) {
      const app = startAppProcess(spec, show(spec.name));
      apps.push(app);
      // An app that stops on its own takes the others with it: half a stack is no use.
      void app.exited.then(async (exit) => {
        if (stopping) return;
        process.stderr.write(`\n${app.name} stopped (${describeExit(exit)}); stopping the others.\n`);
        await stopAll('SIGTERM');
        process.exit(exit.code || 1);
      });
      await app.ready(READY_TIMEOUT_MS);
    }
  } catch (error) {
    await stopAll('SIGTERM');
    throw error;
  }

  await quietFor(() => lastOutputAt);
  console.log(banner(identityConfig.issuer, clientConfig.url, emulatorConfig.publicUrl ?? `http://localhost:${emulatorConfig.port}`, identityConfig.seedDemoUsers));
}

/** Where to reach an app from this machine: a wildcard listen address is reached on loopback. */
function listenUrl(host: string, port: number): string {
  const reachable = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Resolves once nothing was written for `QUIET_MS` (or after `QUIET_AT_MOST_MS`). */
async function quietFor(lastOutputAt: () => number): Promise<void> {
  const deadline = Date.now() + QUIET_AT_MOST_MS;
  while (Date.now() - lastOutputAt() < QUIET_MS && Date.now() < deadline) await sleep(50);
}

function banner(issuer: string, clientUrl: string, emulatorUrl: string, demoUsers: boolean): string {
  const demo = demoUsers
    ? `\n  Demo users (password ${DEMO_PASSWORD}): ${DEMO_USERS.map((user) => user.username).join(', ')}` +
      `\n  ${DEMO_TOTP_USERNAME}'s authenticator app secret: ${DEMO_TOTP_SECRET} (add it to an authenticator app, or run: npm run demo:code)`
    : '';
  return `
  Ready. Open ${clientUrl} and sign in.${demo}

  Identity server      ${issuer}
  Client app           ${clientUrl}
  Authsignal emulator  ${emulatorUrl}

  Ctrl-C stops all three.
`;
}

main().catch((error: unknown) => {
  // A configuration mistake is the operator's to fix: say which variable, without a stack trace.
  const isConfigError = error instanceof ConfigError || error instanceof ClientAppConfigError;
  console.error(isConfigError ? error.message : error instanceof Error ? error.message : error);
  process.exit(1);
});
