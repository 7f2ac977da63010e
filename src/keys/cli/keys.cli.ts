import { ConfigError, loadConfig } from '../../config/load-config.js';
import { openDatabase } from '../../database/open-database.js';
import { SigningKeysService } from '../../oidc/signing-keys.service.js';
import { KeysUsageError, parseKeysCommand, runKeysCommand, USAGE } from './keys-command.js';

/** `npm run keys -- …`: the process around `runKeysCommand` (config, database, terminal). */
async function main(argv: string[]): Promise<void> {
  const parsed = parseKeysCommand(argv);
  if (parsed.help) return void console.log(USAGE);

  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    await runKeysCommand(parsed, new SigningKeysService(db, config), config.oidc.signingKeys.algorithms, {
      print: (text) => console.log(text),
      table: (rows) => console.table(rows),
      refuse: (text) => {
        console.error(text);
        process.exitCode = 1;
      },
    });
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const expected = error instanceof KeysUsageError || error instanceof ConfigError;
  console.error(expected ? error.message : error);
  process.exitCode = expected ? 1 : 2;
});
