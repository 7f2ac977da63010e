import { generateKeyPair, type JsonWebKey, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { SigningAlgorithm } from '../config/app-config.js';

const newKeyPair = promisify(generateKeyPair);

/** A private signing key as oidc-provider takes it: a JWK naming its one algorithm. */
export interface PrivateSigningJwk extends JsonWebKey {
  kid: string;
  alg: SigningAlgorithm;
  use: 'sig';
}

/**
 * A new key for `alg`: RSA 2048 for RS256 (what every relying-party library accepts), P-256 for ES256,
 * Ed25519 for EdDSA. The two elliptic-curve signatures cost a small fraction of an RSA one.
 */
export async function generateSigningKey(alg: SigningAlgorithm): Promise<PrivateSigningJwk> {
  const { privateKey } = await keyPairFor(alg);
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg, use: 'sig' };
}

function keyPairFor(alg: SigningAlgorithm) {
  switch (alg) {
    case 'RS256':
      return newKeyPair('rsa', { modulusLength: 2048 });
    case 'ES256':
      return newKeyPair('ec', { namedCurve: 'P-256' });
    case 'EdDSA':
      return newKeyPair('ed25519', undefined);
  }
}
