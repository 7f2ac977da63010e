import { Inject, Injectable } from '@nestjs/common';
import { type AppConfig, SIGNING_ALGORITHMS, type SigningAlgorithm, type SigningKeysConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { DATABASE } from '../database/database.constants.js';
import type { Database, Queryable } from '../database/database.js';
import { openKey, sealKey, type SealedKey } from './key-encryption.js';
import { generateSigningKey, type PrivateSigningJwk } from './signing-key-algorithms.js';
import { fingerprintOf, type KeySchedule, keyState, type KeyState, nextKeyFor, publishedInOrder, signingKeyFor } from './signing-key-schedule.js';
import { RETIRED_KEY_RETENTION_SECONDS } from './token-lifetimes.js';

/** Same constant on every instance and in the CLI: serialises every change of the keys. */
const KEY_CHANGES_LOCK_ID = 8_113_702;

/** What the provider is built with. */
export interface SigningKeySet {
  /** Private JWKs, each algorithm's signing key before its next and retired ones. */
  keys: PrivateSigningJwk[];
  /** The algorithms with a key that signs now, among those configured. */
  signingAlgorithms: SigningAlgorithm[];
  /** Changes whenever what is published or what signs changes (see `fingerprintOf`). */
  fingerprint: string;
}

/** A key as `npm run keys -- list` shows it. */
export interface KeyListing extends KeySchedule {
  state: KeyState;
}

/** What a rotation scheduled. */
export interface Rotation {
  alg: SigningAlgorithm;
  kid: string;
  /** When it was published: the database's time of the rotation. */
  publishedAt: Date;
  activatesAt: Date;
  /** The key it takes over from, retired when it activates and published until `expiresAt`. */
  replaces?: { kid: string; expiresAt: Date };
}

export type Retirement =
  | { outcome: 'cancelled'; kid: string; alg: SigningAlgorithm }
  | { outcome: 'retired'; kid: string; alg: SigningAlgorithm; expiresAt: Date }
  | { outcome: 'removed'; kid: string; alg: SigningAlgorithm }
  | { outcome: 'already-retired'; kid: string; alg: SigningAlgorithm; expiresAt: Date };

/** A key change that would leave the server unable to sign, or make no sense: the message says what to do instead. */
export class KeyChangeRefusedError extends Error {}

interface KeyRow {
  kid: string;
  alg: SigningAlgorithm;
  private_jwk: SealedKey;
  created_at: Date;
  activates_at: Date;
  retires_at: Date | null;
  expires_at: Date | null;
  now: Date;
}

type StoredKey = KeySchedule & { sealed: SealedKey };

/**
 * The provider's signing keys, stored encrypted, one signing per configured algorithm, with a life
 * cycle so they can be rotated while every instance keeps running: a new key is published for a
 * propagation period before it signs, and the key it replaces stays published until nothing it signed
 * can still be presented (`RETIRED_KEY_RETENTION_SECONDS`). Times are the database's, so every instance
 * sees a key change state at the same moment.
 */
@Injectable()
export class SigningKeysService {
  private readonly secret: string;
  private readonly settings: SigningKeysConfig;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secret = config.oidc.signingKeySecret;
    this.settings = config.oidc.signingKeys;
  }

  /**
   * The keys to publish and sign with now. A configured algorithm without a key gets one that signs at
   * once (nothing was signed with that algorithm yet, so there is nothing to propagate ahead of); keys
   * past their publication are deleted.
   */
  async current(): Promise<SigningKeySet> {
    let { keys, now } = await this.read(this.db);
    const missing = this.missingAlgorithms(keys, now);
    if (missing.length > 0) {
      // Generated before taking the lock: an RSA key takes a while, and PGlite has one connection.
      const generated = await Promise.all(missing.map((alg) => generateSigningKey(alg)));
      ({ keys, now } = await this.changing(async (tx, stored, at) => {
        await this.addMissing(tx, stored, at, generated);
        return this.read(tx);
      }));
    }
    if (keys.some((key) => keyState(key, now) === 'expired')) await this.db.query('DELETE FROM signing_keys WHERE expires_at <= now()');
    const published = publishedInOrder(keys, now);
    return {
      keys: published.map((key) => openKey<PrivateSigningJwk>(key.sealed, this.secret)),
      signingAlgorithms: this.settings.algorithms.filter((alg) => signingKeyFor(keys, alg, now)),
      fingerprint: fingerprintOf(keys, now),
    };
  }

  async list(): Promise<KeyListing[]> {
    const { keys, now } = await this.read(this.db);
    const byAlgorithm = (key: KeySchedule) => SIGNING_ALGORITHMS.indexOf(key.alg);
    return publishedInOrder(keys, now)
      .sort((a, b) => byAlgorithm(a) - byAlgorithm(b))
      .map(({ sealed: _sealed, ...key }) => ({ ...key, state: keyState(key, now) }));
  }

  /**
   * Schedules a new key for `alg`: published now, signing after the propagation period (at once with
   * `immediately`, for a key that must stop signing now); the key it replaces retires at that moment.
   */
  async rotate(alg: SigningAlgorithm, options: { immediately?: boolean } = {}): Promise<Rotation> {
    const key = await generateSigningKey(alg);
    return this.changing(async (tx, keys, now) => {
      const pending = nextKeyFor(keys, alg, now);
      if (pending) {
        throw new KeyChangeRefusedError(
          `A rotation of ${alg} is under way: ${pending.kid} signs from ${pending.activatesAt.toISOString()}. ` +
            `Cancel it first with: npm run keys -- retire ${pending.kid}`,
        );
      }
      const current = signingKeyFor(keys, alg, now);
      // Without a key signing this algorithm now, there is nothing to propagate ahead of: it signs at once.
      const activatesAt = new Date(now.getTime() + (options.immediately || !current ? 0 : this.settings.propagationSeconds * 1000));
      await this.insert(tx, key, activatesAt);
      if (!current) return { alg, kid: key.kid, publishedAt: now, activatesAt };
      const expiresAt = afterRetention(activatesAt);
      await tx.query('UPDATE signing_keys SET retires_at = $2, expires_at = $3 WHERE kid = $1', [current.kid, activatesAt, expiresAt]);
      return { alg, kid: key.kid, publishedAt: now, activatesAt, replaces: { kid: current.kid, expiresAt } };
    });
  }

  /**
   * Takes a key out of service. A next key is cancelled (it never signed: it goes at once, and the key
   * it was to replace stays active). A retired key is removed at once with `immediately` (a compromised
   * key: what it signed stops verifying). The active key of a configured algorithm is refused: it is
   * retired by rotating, so that something always signs.
   */
  async retire(kid: string, options: { immediately?: boolean } = {}): Promise<Retirement> {
    return this.changing(async (tx, keys, now) => {
      const key = keys.find((candidate) => candidate.kid === kid && keyState(candidate, now) !== 'expired');
      if (!key) throw new KeyChangeRefusedError(`No published key has the id ${kid}; see: npm run keys -- list`);
      const { alg } = key;
      switch (keyState(key, now)) {
        case 'next':
          await tx.query('DELETE FROM signing_keys WHERE kid = $1', [kid]);
          await tx.query('UPDATE signing_keys SET retires_at = NULL, expires_at = NULL WHERE alg = $1 AND retires_at = $2', [alg, key.activatesAt]);
          return { outcome: 'cancelled', kid, alg };
        case 'retired':
          if (!options.immediately) return { outcome: 'already-retired', kid, alg, expiresAt: key.expiresAt! };
          await tx.query('DELETE FROM signing_keys WHERE kid = $1', [kid]);
          return { outcome: 'removed', kid, alg };
        default:
          return this.retireActive(tx, key, now, options);
      }
    });
  }

  private async retireActive(tx: Queryable, key: StoredKey, now: Date, options: { immediately?: boolean }): Promise<Retirement> {
    const { kid, alg } = key;
    if (this.settings.algorithms.includes(alg)) {
      const successor = key.retiresAt ? ` It already retires at ${key.retiresAt.toISOString()}, when its successor takes over.` : '';
      throw new KeyChangeRefusedError(
        `${kid} is the only active ${alg} key: nothing would sign ${alg} ID tokens without it.${successor} ` +
          `To replace it, run: npm run keys -- rotate --alg ${alg}` +
          `${successor ? '' : ` (or drop ${alg} from SIGNING_ALGORITHMS first, if no client uses it)`}`,
      );
    }
    if (options.immediately) {
      await tx.query('DELETE FROM signing_keys WHERE kid = $1', [kid]);
      return { outcome: 'removed', kid, alg };
    }
    const expiresAt = afterRetention(now);
    await tx.query('UPDATE signing_keys SET retires_at = $2, expires_at = $3 WHERE kid = $1', [kid, now, expiresAt]);
    return { outcome: 'retired', kid, alg, expiresAt };
  }

  private missingAlgorithms(keys: StoredKey[], now: Date): SigningAlgorithm[] {
    return this.settings.algorithms.filter((alg) => !signingKeyFor(keys, alg, now));
  }

  /**
   * A configured algorithm still without a signing key (another instance may have added it meanwhile)
   * gets one now: its next key if it has one (nothing of that algorithm signs yet), else the new key.
   */
  private async addMissing(tx: Queryable, keys: StoredKey[], now: Date, generated: PrivateSigningJwk[]): Promise<void> {
    for (const alg of this.missingAlgorithms(keys, now)) {
      const pending = nextKeyFor(keys, alg, now);
      const fresh = generated.find((key) => key.alg === alg);
      if (pending) await tx.query('UPDATE signing_keys SET activates_at = $2 WHERE kid = $1', [pending.kid, now]);
      else if (fresh) await this.insert(tx, fresh, now);
    }
  }

  /** Runs a change under the lock every instance and the CLI take, on the keys as they are then. */
  private async changing<T>(change: (tx: Queryable, keys: StoredKey[], now: Date) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [KEY_CHANGES_LOCK_ID]);
      const { keys, now } = await this.read(tx);
      return change(tx, keys, now);
    });
  }

  private async insert(tx: Queryable, key: PrivateSigningJwk, activatesAt: Date): Promise<void> {
    await tx.query('INSERT INTO signing_keys (kid, alg, private_jwk, activates_at) VALUES ($1, $2, $3, $4)', [
      key.kid,
      key.alg,
      JSON.stringify(sealKey(key, this.secret)),
      activatesAt,
    ]);
  }

  private async read(db: Queryable): Promise<{ keys: StoredKey[]; now: Date }> {
    const rows = await db.query<KeyRow | Pick<KeyRow, 'now'>>(
      `SELECT n.now, k.kid, k.alg, k.private_jwk, k.created_at, k.activates_at, k.retires_at, k.expires_at
         FROM (SELECT now() AS now) n LEFT JOIN signing_keys k ON true`,
    );
    const now = new Date(rows[0].now);
    const keys = rows.filter((row): row is KeyRow => 'kid' in row && row.kid !== null).map(toStoredKey);
    return { keys, now };
  }
}

function toStoredKey(row: KeyRow): StoredKey {
  return {
    kid: row.kid,
    alg: row.alg,
    sealed: row.private_jwk,
    createdAt: new Date(row.created_at),
    activatesAt: new Date(row.activates_at),
    retiresAt: row.retires_at ? new Date(row.retires_at) : null,
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
  };
}

function afterRetention(from: Date): Date {
  return new Date(from.getTime() + RETIRED_KEY_RETENTION_SECONDS * 1000);
}
