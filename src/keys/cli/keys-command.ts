import { parseArgs } from 'node:util';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../config/app-config.js';
import { KeyChangeRefusedError, type Retirement, type Rotation, type SigningKeysService } from '../../oidc/signing-keys.service.js';

export const USAGE = `Usage: npm run keys -- <command>
  list                              the signing keys: algorithm, state (next, active, retired) and dates
  rotate [--alg <alg>] [--now]      a new key for each algorithm in SIGNING_ALGORITHMS (or for <alg>): published
                                    in the JWKS now, signing after SIGNING_KEY_PROPAGATION_SECONDS (at once with
                                    --now); the key it replaces retires then and stays published until what it
                                    signed has expired
  retire <kid> [--now]              cancel a next key; retire the active key of an algorithm no longer in
                                    SIGNING_ALGORITHMS; with --now, remove a retired key from the JWKS at once
                                    (a compromised key: what it signed stops verifying)

Algorithms: ${SIGNING_ALGORITHMS.join(', ')}. Uses the same database and SIGNING_KEY_SECRET as the server; running
instances pick a change up within SIGNING_KEYS_REFRESH_SECONDS. With PGlite, stop the server first: one process
at a time may open its data folder.`;

/** A command line that makes no sense (unknown command or algorithm, a missing key id). */
export class KeysUsageError extends Error {}

export interface KeysCommandIo {
  print(text: string): void;
  table(rows: object[]): void;
  /** A refusal: printed, and the command ends unsuccessfully. */
  refuse(text: string): void;
}

export type KeysCommand =
  | { help: true }
  | { help: false; command: 'list' }
  | { help: false; command: 'rotate'; alg?: SigningAlgorithm; immediately: boolean }
  | { help: false; command: 'retire'; kid: string; immediately: boolean };

export function parseKeysCommand(argv: string[]): KeysCommand {
  const { positionals, values } = parsedArguments(argv);
  const [command, kid] = positionals;
  if (values.help || !command) return { help: true };
  switch (command) {
    case 'list':
      return { help: false, command };
    case 'rotate':
      if (values.alg !== undefined && !isAlgorithm(values.alg)) throw new KeysUsageError(`Unknown algorithm "${values.alg}": use one of ${SIGNING_ALGORITHMS.join(', ')}`);
      return { help: false, command, alg: values.alg, immediately: values.now };
    case 'retire':
      if (!kid) throw new KeysUsageError(`"retire" needs the id of a key (see: npm run keys -- list)\n\n${USAGE}`);
      return { help: false, command, kid, immediately: values.now };
    default:
      throw new KeysUsageError(`Unknown command "${command}"\n\n${USAGE}`);
  }
}

function parsedArguments(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: { alg: { type: 'string' }, now: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new KeysUsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

/**
 * Carries out one parsed command against the keys of the configured database. `algorithms` are the
 * configured ones (SIGNING_ALGORITHMS): a rotation without `--alg` covers each of them.
 */
export async function runKeysCommand(
  parsed: Exclude<KeysCommand, { help: true }>,
  keys: SigningKeysService,
  algorithms: readonly SigningAlgorithm[],
  io: KeysCommandIo,
): Promise<void> {
  switch (parsed.command) {
    case 'list':
      return list(keys, io);
    case 'rotate': {
      if (parsed.alg && !algorithms.includes(parsed.alg)) {
        return io.refuse(`${parsed.alg} is not in SIGNING_ALGORITHMS (${algorithms.join(',')}): add it there, and the server creates its key at start`);
      }
      for (const alg of parsed.alg ? [parsed.alg] : algorithms) {
        await refusalsReported(io, async () => io.print(describeRotation(await keys.rotate(alg, { immediately: parsed.immediately }))));
      }
      return;
    }
    case 'retire':
      return refusalsReported(io, async () => io.print(describeRetirement(await keys.retire(parsed.kid, { immediately: parsed.immediately }))));
  }
}

async function list(keys: SigningKeysService, io: KeysCommandIo): Promise<void> {
  const listed = await keys.list();
  if (listed.length === 0) return io.print('No signing keys yet: the server creates them at its first start.');
  io.table(
    listed.map((key) => ({
      kid: key.kid,
      alg: key.alg,
      state: key.state,
      published: time(key.createdAt),
      signs: time(key.activatesAt),
      retires: key.retiresAt ? time(key.retiresAt) : '',
      removed: key.expiresAt ? time(key.expiresAt) : '',
    })),
  );
}

async function refusalsReported(io: KeysCommandIo, change: () => Promise<void>): Promise<void> {
  try {
    await change();
  } catch (error) {
    if (!(error instanceof KeyChangeRefusedError)) throw error;
    io.refuse(error.message);
  }
}

function describeRotation(rotation: Rotation): string {
  const signs = rotation.activatesAt <= rotation.publishedAt ? 'signs from now on' : `signs from ${time(rotation.activatesAt)}`;
  const replaced = rotation.replaces ? `; ${rotation.replaces.kid} retires then and stays published until ${time(rotation.replaces.expiresAt)}` : '';
  return `${rotation.alg}: new key ${rotation.kid} is published now and ${signs}${replaced}`;
}

function describeRetirement(retirement: Retirement): string {
  const { kid, alg } = retirement;
  switch (retirement.outcome) {
    case 'cancelled':
      return `Cancelled ${alg} key ${kid}: it never signed, and is no longer published; the active ${alg} key stays active`;
    case 'retired':
      return `Retired ${alg} key ${kid}: it no longer signs, and stays published until ${time(retirement.expiresAt)}`;
    case 'removed':
      return `Removed ${alg} key ${kid} from the JWKS: what it signed no longer verifies`;
    case 'already-retired':
      return `${alg} key ${kid} is already retired and stays published until ${time(retirement.expiresAt)}; --now removes it at once`;
  }
}

function isAlgorithm(value: string): value is SigningAlgorithm {
  return (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

/** UTC, to the second: what an operator compares with other instances' logs. */
function time(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
