import { mkdir, rename, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EMULATOR_OPTIONS, type ResolvedEmulatorOptions } from '../constants.js';
import type { ActionRef, ChallengeRecord, EmulatorState, OutboxMessage, TenantState } from './store.types.js';

type ChallengeOfKind<K extends ChallengeRecord['kind']> = Extract<ChallengeRecord, { kind: K }>;

const OUTBOX_LIMIT = 500;
const SAVE_DELAY_MS = 100;

export function actionKey(ref: ActionRef): string {
  return [ref.userId, ref.actionCode, ref.idempotencyKey].map(encodeURIComponent).join('/');
}

function emptyTenantState(): TenantState {
  return { users: {}, authenticators: {}, actions: {}, challenges: {}, outbox: [] };
}

/**
 * The emulator's whole state, in memory, written to a JSON file after every change when a state file is
 * configured (development), or kept in memory only (`stateFile: null`, the test default).
 *
 * Services mutate the records they get from `tenant()` and then call `changed()`; the process is single-threaded
 * and every operation is synchronous between awaits, so no locking is needed.
 */
@Injectable()
export class EmulatorStore implements OnApplicationShutdown {
  private readonly logger = new Logger(EmulatorStore.name);
  private readonly state: EmulatorState;
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(@Inject(EMULATOR_OPTIONS) private readonly options: ResolvedEmulatorOptions) {
    this.state = this.load();
  }

  tenant(tenantId: string): TenantState {
    const existing = this.state.tenants[tenantId];
    if (existing) return existing;
    const created = emptyTenantState();
    this.state.tenants[tenantId] = created;
    return created;
  }

  /** A challenge of the given kind that has not expired yet. */
  challenge<K extends ChallengeRecord['kind']>(tenantId: string, challengeId: string, kind: K, now = new Date()): ChallengeOfKind<K> | undefined {
    const challenge = this.tenant(tenantId).challenges[challengeId];
    if (!challenge || challenge.kind !== kind || new Date(challenge.expiresAt) <= now) return undefined;
    return challenge as ChallengeOfKind<K>;
  }

  /** Stores a challenge, dropping the tenant's expired ones (page loads with autofill create one each). */
  putChallenge(tenantId: string, challenge: ChallengeRecord, now = new Date()): void {
    const challenges = this.tenant(tenantId).challenges;
    for (const [id, existing] of Object.entries(challenges)) {
      if (new Date(existing.expiresAt) <= now) delete challenges[id];
    }
    challenges[challenge.challengeId] = challenge;
    this.changed();
  }

  /** Adds an outbox message, keeping the newest few hundred. */
  pushOutbox(tenantId: string, message: OutboxMessage): void {
    const outbox = this.tenant(tenantId).outbox;
    outbox.push(message);
    if (outbox.length > OUTBOX_LIMIT) outbox.splice(0, outbox.length - OUTBOX_LIMIT);
    this.changed();
  }

  /** Removes a challenge; returns whether it was there (so a challenge is consumed exactly once). */
  deleteChallenge(tenantId: string, challengeId: string): boolean {
    const challenges = this.tenant(tenantId).challenges;
    if (!challenges[challengeId]) return false;
    delete challenges[challengeId];
    this.changed();
    return true;
  }

  /** Schedules a write of the state file (debounced, atomic rename). */
  changed(): void {
    if (!this.options.stateFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saving = this.saving.then(() => this.save());
    }, SAVE_DELAY_MS);
  }

  /** Drops expired challenges and old outbox messages. */
  prune(now = new Date()): void {
    for (const tenant of Object.values(this.state.tenants)) {
      for (const [id, challenge] of Object.entries(tenant.challenges)) {
        if (new Date(challenge.expiresAt) <= now) delete tenant.challenges[id];
      }
      if (tenant.outbox.length > OUTBOX_LIMIT) tenant.outbox.splice(0, tenant.outbox.length - OUTBOX_LIMIT);
    }
  }

  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.saving = this.saving.then(() => this.save());
    }
    await this.saving;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private load(): EmulatorState {
    const file = this.options.stateFile;
    if (!file || !existsSync(file)) return { version: 1, tenants: {} };
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<EmulatorState>;
      if (parsed.version !== 1 || typeof parsed.tenants !== 'object' || parsed.tenants === null) {
        throw new Error('unknown state format');
      }
      for (const tenantId of Object.keys(parsed.tenants)) {
        parsed.tenants[tenantId] = { ...emptyTenantState(), ...parsed.tenants[tenantId] };
      }
      return parsed as EmulatorState;
    } catch (error) {
      // A corrupt file must not stop development: start empty and keep the bad file for inspection.
      this.logger.warn(`Ignoring unreadable state file ${file} (${(error as Error).message}); starting empty`);
      return { version: 1, tenants: {} };
    }
  }

  private async save(): Promise<void> {
    const file = this.options.stateFile;
    if (!file) return;
    this.prune();
    try {
      await mkdir(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(this.state, null, 2), { mode: 0o600 });
      await rename(temporary, file);
    } catch (error) {
      this.logger.error(`Could not write state file ${file}: ${(error as Error).message}`);
    }
  }
}
