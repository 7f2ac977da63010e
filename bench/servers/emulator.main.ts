import { startEmulator } from '../../authsignal-emulator/src/emulator.js';
import { childConfig, processUsage, serveParent } from '../lib/child-process.js';
import { AUTHSIGNAL_TENANT } from './bench-fixtures.js';

export interface EmulatorChildConfig {
  port: number;
  /** The identity server's origin: passkey assertions are made for it. */
  identityServerOrigin: string;
}

/** The Authsignal emulator in its own process, in memory, with limits raised for volume. */
async function main(): Promise<void> {
  const { port, identityServerOrigin } = childConfig<EmulatorChildConfig>();
  const emulator = await startEmulator({
    port,
    logLevel: 'silent',
    stateFile: null,
    tenants: [
      {
        tenantId: AUTHSIGNAL_TENANT.tenantId,
        apiSecretKey: AUTHSIGNAL_TENANT.secretKey,
        expectedOrigins: [identityServerOrigin],
        defaultOutcome: 'CHALLENGE',
        maxEmailsPer10Minutes: 1_000,
        maxOtpAttempts: 100,
      },
    ],
  });
  serveParent({ url: emulator.url, apiUrl: emulator.apiUrl }, { usage: () => processUsage() }, () => emulator.close());
}

main().catch((error: unknown) => {
  console.error('Authsignal emulator (bench) failed to start:', error);
  process.exit(1);
});
