import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../config/app-config.js';

/**
 * Where a signing key is in its life, at a given time:
 * - `next`: published in the JWKS, not signing yet (relying parties' caches learn it first);
 * - `active`: signing (one per algorithm);
 * - `retired`: no longer signing, still published so what it signed still verifies;
 * - `expired`: removed from the JWKS and from storage.
 */
export type KeyState = 'next' | 'active' | 'retired' | 'expired';

/** A stored key's life cycle, without its private material. */
export interface KeySchedule {
  kid: string;
  alg: SigningAlgorithm;
  createdAt: Date;
  activatesAt: Date;
  /** When it stops signing; absent until a successor is scheduled (or it is retired). */
  retiresAt: Date | null;
  /** When it leaves the JWKS; set together with `retiresAt`. */
  expiresAt: Date | null;
}

export function keyState(key: KeySchedule, now: Date): KeyState {
  if (key.expiresAt && key.expiresAt <= now) return 'expired';
  if (key.activatesAt > now) return 'next';
  if (key.retiresAt && key.retiresAt <= now) return 'retired';
  return 'active';
}

const PUBLICATION_ORDER: Record<Exclude<KeyState, 'expired'>, number> = { active: 0, next: 1, retired: 2 };

/**
 * The keys to publish, in the order oidc-provider needs: it signs with the first key of an algorithm, so
 * each algorithm's active key comes before its next and retired ones. Within a state: by algorithm
 * (RS256 first), newest first.
 */
export function publishedInOrder<K extends KeySchedule>(keys: K[], now: Date): K[] {
  return keys
    .map((key) => ({ key, state: keyState(key, now) }))
    .filter((entry): entry is { key: K; state: Exclude<KeyState, 'expired'> } => entry.state !== 'expired')
    .sort(
      (a, b) =>
        PUBLICATION_ORDER[a.state] - PUBLICATION_ORDER[b.state] ||
        SIGNING_ALGORITHMS.indexOf(a.key.alg) - SIGNING_ALGORITHMS.indexOf(b.key.alg) ||
        b.key.activatesAt.getTime() - a.key.activatesAt.getTime(),
    )
    .map((entry) => entry.key);
}

/** The key that signs for `alg` now: its newest active one. */
export function signingKeyFor<K extends KeySchedule>(keys: K[], alg: SigningAlgorithm, now: Date): K | undefined {
  return publishedInOrder(keys, now).find((key) => key.alg === alg && keyState(key, now) === 'active');
}

/** The next key of `alg` waiting to take over, if a rotation is under way. */
export function nextKeyFor<K extends KeySchedule>(keys: K[], alg: SigningAlgorithm, now: Date): K | undefined {
  return keys.find((key) => key.alg === alg && keyState(key, now) === 'next');
}

/**
 * Identifies what is published and what signs: two instances serving the same fingerprint sign and
 * verify alike, and a change of it is what makes an instance rebuild its provider.
 */
export function fingerprintOf(keys: KeySchedule[], now: Date): string {
  return publishedInOrder(keys, now)
    .map((key) => `${key.alg}:${key.kid}:${keyState(key, now)}`)
    .join(',');
}
