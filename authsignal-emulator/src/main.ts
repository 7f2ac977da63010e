import { loadEmulatorConfig } from './emulator.config.js';
import { startEmulator } from './emulator.js';

/** Standalone emulator: `node dist/authsignal-emulator/src/main.js` (configuration in emulator.config.ts). */
const emulator = await startEmulator(loadEmulatorConfig());
process.stdout.write(`Authsignal emulator: ${emulator.url} (console), API ${emulator.apiUrl}, outbox ${emulator.url}/outbox\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
