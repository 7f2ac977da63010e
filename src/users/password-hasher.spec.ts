import { describe, expect, it } from '@jest/globals';
import { PasswordHasher } from './password-hasher.js';

describe(PasswordHasher.name, () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id at the OWASP parameters and verifies the same password only', async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(hash, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse batterY')).toBe(false);
  });

  it('does not truncate long passwords', async () => {
    const long = 'x'.repeat(127);
    const hash = await hasher.hash(long + 'a');
    expect(await hasher.verify(hash, long + 'b')).toBe(false);
  });

  it('treats a malformed stored hash as a failed check', async () => {
    expect(await hasher.verify('not-a-hash', 'whatever1')).toBe(false);
  });

  it('answers false for the dummy check, after doing the work of a real one', async () => {
    const started = process.hrtime.bigint();
    expect(await hasher.verifyAgainstDummy('anything')).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeGreaterThan(1);
  });
});
