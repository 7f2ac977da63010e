import { hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';

/** argon2id at the OWASP Password Storage Cheat Sheet's first recommendation: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_PARAMETERS = { algorithm: 2 /* Algorithm.Argon2id: an ambient const enum, not importable under isolatedModules */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /**
   * A hash of a random password, verified when the username is unknown, so an unknown user costs the
   * same time as a wrong password and response times do not reveal which usernames exist.
   */
  private readonly dummyHash = hash(crypto.randomUUID(), ARGON2_PARAMETERS);

  hash(password: string): Promise<string> {
    return hash(password.normalize('NFKC'), ARGON2_PARAMETERS);
  }

  /** Never throws on a malformed stored hash: that is a failed check, not a crash. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password.normalize('NFKC'));
    } catch {
      return false;
    }
  }

  /** Spends a verification's worth of time and always answers false. */
  async verifyAgainstDummy(password: string): Promise<false> {
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
