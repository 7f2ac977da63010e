import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { childConfig, processUsage, serveParent } from '../lib/child-process.js';
import type { SoftwarePasskey } from '../lib/software-authenticator.js';
import { summarize, type LoadSummary } from '../lib/stats.js';
import { base32Encode, totpStep } from '../lib/totp.js';
import { benchUser, ES256_WEB_CLIENT, USER_RANGES } from '../servers/bench-fixtures.js';
import {
  codeFrom,
  type Emulator,
  enrolTotp,
  exchangeCode,
  passkeySignIn,
  passwordSignIn,
  passwordSignInWithTokens,
  passwordTotpSignIn,
  refresh,
  registerPasskey,
  type Target,
  authorizationRequest,
} from './flows.js';
import { VirtualUser } from './http-client.js';

export type FlowWorkload = 'refresh' | 'code-exchange' | 'password-sign-in' | 'mfa-sign-in' | 'passkey-sign-in';

export interface FlowRun {
  workload: FlowWorkload;
  issuer: string;
  /** `es256`: the relying party whose ID tokens are signed with ES256 (`ES256_WEB_CLIENT`) instead of RS256. */
  client?: 'es256';
  emulator?: Emulator;
  connections: number;
  durationSeconds: number;
  /** Stop after this many successful operations (the memory phase counts sign-ins, not seconds). */
  maxOperations?: number;
  /** How many TOTP users to enrol for the MFA flow (each gives two sign-ins per 30 s). */
  totpUsers?: number;
  /** password-sign-in: every connection signs in as this user instead of a password-only bench user (the bare provider's `UNCHECKED_USER`). */
  username?: string;
}

export interface FlowResult extends LoadSummary {
  errorSamples: string[];
  /** HTTP requests sent to the server under test in the timed part (the emulator's not counted). */
  requests: number;
  /** Every successful operation's latency, for exact percentiles over several slices. */
  latenciesMs: number[];
}

/**
 * The load generator for what autocannon cannot do: flows whose requests depend on the previous answer
 * (cookies, CSRF tokens, codes, rotated refresh tokens, WebAuthn challenges). Each connection runs one
 * operation after another until the time (or the operation count) is up. It lives for the whole bench
 * so enrolled authenticators and spent TOTP steps are remembered between runs.
 */
const totpUsers: Array<{ index: number; secret: Buffer; lastStep: number; busy: boolean }> = [];
const passkeys = new Map<number, SoftwarePasskey>();

/** A workload whose untimed set-up is done: its connections and the operation they repeat. */
let prepared: { request: FlowRun; connections: Connection[]; operation: Operation } | undefined;

/** The untimed part: connections, and whatever the operation needs first (refresh tokens, codes, enrolled users). */
async function prepareRun(request: FlowRun): Promise<true> {
  closePrepared();
  const connections = Array.from({ length: request.connections }, (_, index) => ({ index, user: new VirtualUser(), api: new VirtualUser() }));
  try {
    prepared = { request, connections, operation: await prepare(request, { issuer: request.issuer, client: request.client === 'es256' ? ES256_WEB_CLIENT : undefined }, connections) };
  } catch (error) {
    for (const { user, api } of connections) closeUser(user, api);
    throw error;
  }
  return true;
}

/** The timed part of the prepared workload: every connection repeats the operation until the time (or the count) is up. */
async function startPrepared(): Promise<FlowResult> {
  if (!prepared) throw new Error('nothing prepared');
  const { request, connections, operation } = prepared;
  const deadline = () => performance.now() >= endsAt;
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  const noteError = (error: unknown) => {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(error instanceof Error ? error.message : String(error));
  };
  const enough = () => request.maxOperations !== undefined && latencies.length >= request.maxOperations;
  for (const { user } of connections) user.requestsSent = 0;
  let finishedAt = 0;
  const loop = async (connection: Connection) => {
    while (!deadline() && !enough()) {
      const begin = performance.now();
      try {
        const done = await operation(connection);
        if (done === false) break; // nothing left to do (pre-minted codes ran out)
        latencies.push(performance.now() - begin);
      } catch (error) {
        noteError(error);
      }
    }
    finishedAt = Math.max(finishedAt, performance.now());
  };
  const started = performance.now();
  const endsAt = started + request.durationSeconds * 1000;
  try {
    await Promise.all(connections.map(loop));
    const requests = connections.reduce((sum, { user }) => sum + user.requestsSent, 0);
    return { ...summarize(latencies, errors, (finishedAt - started) / 1000), errorSamples, requests, latenciesMs: latencies };
  } finally {
    closePrepared();
  }
}

function closePrepared(): void {
  for (const { user, api } of prepared?.connections ?? []) closeUser(user, api);
  prepared = undefined;
}

function closeUser(...users: VirtualUser[]): void {
  for (const user of users) user.close();
}

type Connection = { index: number; user: VirtualUser; api: VirtualUser };
type Operation = (connection: Connection) => Promise<boolean | void>;

const passwordUser = (connection: number) => benchUser(USER_RANGES.passwordOnly.from + (connection % USER_RANGES.passwordOnly.count));

/** Untimed set-up of a workload, then the operation the connections repeat. */
async function prepare(request: FlowRun, target: Target, connections: Connection[]): Promise<Operation> {
  switch (request.workload) {
    case 'password-sign-in':
      return async ({ index, user }) => void (await passwordSignInWithTokens(user, target, request.username ?? passwordUser(index).username));

    case 'refresh': {
      // Each connection holds one refresh token and replaces it with the rotated one after every call.
      const chains = await Promise.all(connections.map(async ({ index, user }) => (await passwordSignInWithTokens(user, target, passwordUser(index).username)).refresh_token!));
      return async ({ index, user }) => {
        try {
          chains[index] = (await refresh(user, target, chains[index])).refresh_token!;
        } catch (error) {
          chains[index] = (await passwordSignInWithTokens(user, target, passwordUser(index).username)).refresh_token!;
          throw error;
        }
      };
    }

    case 'code-exchange': {
      // Codes are minted first (SSO: a signed-in session gets a code without a login page), then only the
      // exchange is timed. Codes live 60 s, so the mint window stays well inside that.
      const codes: Array<{ code: string; codeVerifier: string }> = [];
      await Promise.all(connections.map(({ index, user }) => passwordSignIn(user, target, passwordUser(index).username)));
      const mintUntil = performance.now() + Math.min(request.durationSeconds * 1000, 25_000);
      await Promise.all(
        connections.map(async ({ user }) => {
          while (performance.now() < mintUntil) {
            const authorization = authorizationRequest(target);
            codes.push({ code: codeFrom(await user.send(authorization.url), 'SSO authorize', target), codeVerifier: authorization.codeVerifier });
          }
        }),
      );
      return async ({ user }) => {
        const next = codes.pop();
        if (!next) return false;
        await exchangeCode(user, target, next.code, next.codeVerifier);
      };
    }

    case 'mfa-sign-in': {
      const emulator = requireEmulator(request);
      await enrolTotpUsers(emulator, connections.map(({ api }) => api), request.totpUsers ?? USER_RANGES.totp.count);
      return async ({ user, api }) => {
        const totpUser = takeTotpUser();
        try {
          await passwordTotpSignIn(user, api, target, emulator, benchUser(totpUser.index).username, totpUser.secret, totpUser.lastStep);
        } finally {
          totpUser.busy = false;
        }
      };
    }

    case 'passkey-sign-in': {
      const emulator = requireEmulator(request);
      await Promise.all(
        connections.map(async ({ index, api }) => {
          if (passkeys.has(index)) return;
          const owner = benchUser(USER_RANGES.passkey.from + index);
          passkeys.set(index, await registerPasskey(api, emulator, target.issuer, owner.id, owner.username));
        }),
      );
      return async ({ index, user, api }) => void (await passkeySignIn(user, api, target, emulator, passkeys.get(index)!));
    }
  }
}

function requireEmulator(request: FlowRun): Emulator {
  if (!request.emulator) throw new Error(`${request.workload} needs the emulator`);
  return request.emulator;
}

async function enrolTotpUsers(emulator: Emulator, apis: VirtualUser[], count: number): Promise<void> {
  if (totpUsers.length > 0) return;
  const pending = Array.from({ length: Math.min(count, USER_RANGES.totp.count) }, (_, offset) => USER_RANGES.totp.from + offset);
  // One enrolment at a time per connection, all connections at once: thousands of users in seconds.
  await Promise.all(
    apis.map(async (api) => {
      for (let index = pending.shift(); index !== undefined; index = pending.shift()) {
        const secret = randomBytes(20);
        await enrolTotp(api, emulator, benchUser(index).id, base32Encode(secret));
        totpUsers.push({ index, secret, lastStep: 0, busy: false });
      }
    }),
  );
}

/**
 * A TOTP user whose next code is usable now: the emulator accepts a step only after the last one used, and
 * one step either side of now, so each user gives at most two sign-ins per 30 s (steps now and now + 1).
 */
function takeTotpUser() {
  const now = totpStep(Date.now());
  const user = totpUsers.find((candidate) => !candidate.busy && candidate.lastStep < now + 1);
  if (!user) throw new Error(`all ${totpUsers.length} TOTP users spent their codes for this 30 s step`);
  user.busy = true;
  user.lastStep = Math.max(user.lastStep + 1, now);
  return user;
}

childConfig<unknown>();
serveParent(
  { pid: process.pid },
  {
    prepare: (payload) => prepareRun(payload as FlowRun),
    start: () => startPrepared(),
    run: async (payload) => {
      await prepareRun(payload as FlowRun);
      return startPrepared();
    },
    usage: () => processUsage(),
  },
);
