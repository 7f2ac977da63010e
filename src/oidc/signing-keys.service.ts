import { Inject, Injectable } from '@nestjs/common';
import { generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';
import { openKey, sealKey, type SealedKey } from './key-encryption.js';

/** Same constant on every instance: serialises first-start key generation. */
const KEY_GENERATION_LOCK_ID = 8_113_702;

/**
 * The provider's signing keys, generated once at first start and stored encrypted, so a restart — or
 * another instance — signs with the same key and tokens issued before it stay valid.
 */
@Injectable()
export class SigningKeysService {
  private readonly secret: string;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secret = config.oidc.signingKeySecret;
  }

  /** Private JWKs, newest first (oidc-provider signs with the first and verifies with all). */
  async loadOrCreate(): Promise<JsonWebKey[]> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [KEY_GENERATION_LOCK_ID]);
      const existing = await tx.query<{ private_jwk: SealedKey }>('SELECT private_jwk FROM signing_keys ORDER BY created_at DESC');
      if (existing.length > 0) return existing.map((row) => openKey<JsonWebKey>(row.private_jwk, this.secret));
      const key = newRsaSigningKey();
      await tx.query('INSERT INTO signing_keys (kid, private_jwk) VALUES ($1, $2)', [key.kid, JSON.stringify(sealKey(key, this.secret))]);
      return [key];
    });
  }
}

/** RS256 with a 2048-bit key: what every relying-party library accepts. */
function newRsaSigningKey(): JsonWebKey & { kid: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}
