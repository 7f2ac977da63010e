import { setTimeout as sleep } from 'node:timers/promises';
import type { Queryable } from '../../src/database/database.js';

/** As if `seconds` had passed for the signing keys: every time stored with them moves back by that much. */
export async function elapseForSigningKeys(db: Queryable, seconds: number): Promise<void> {
  await db.query(
    `UPDATE signing_keys SET created_at = created_at - make_interval(secs => $1), activates_at = activates_at - make_interval(secs => $1),
       retires_at = retires_at - make_interval(secs => $1), expires_at = expires_at - make_interval(secs => $1)`,
    [seconds],
  );
}

/** Polls `condition` until it holds; fails after `timeoutMs` (instances refresh their keys every second in these suites). */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Not true within ${timeoutMs} ms: ${condition.toString()}`);
    await sleep(100);
  }
}
