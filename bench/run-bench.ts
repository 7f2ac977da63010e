import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlowResult, FlowRun } from './load/flow.worker.js';
import { throughputChart } from './lib/chart.js';
import { type Child, type ProcessUsage, startChild } from './lib/child-process.js';
import { freePort } from './lib/free-port.js';
import { errorsOf, layersTable, type ProviderSignIn, resultsTable, roundTripTable, targetsTable, type WorkloadResult } from './lib/report.js';
import { issueTargets } from './lib/targets.js';
import { type LayerResult, measureLayers } from './phases/layers.js';
import { type ProfiledServer, type ProfileSummary, profileLine, profileWhileDriving } from './phases/profiles.js';
import { measureProviderSignIn, providerSignInWorkload } from './phases/provider-sign-in.js';
import { LAYER_STACKS } from './servers/layer-stacks.js';
import type { BareProviderChildConfig } from './servers/bare-provider.main.js';
import type { Layer, LayersChildConfig } from './servers/layers.main.js';
import { ratio } from './lib/stats.js';
import { measureWorkload, type Server, type Side, type Workload, workloads } from './phases/workloads.js';

/**
 * `npm run bench [-- --quick]`: starts the identity server (PostgreSQL when DATABASE_URL is set, else
 * PGlite), the Authsignal emulator and a bare oidc-provider, each in its own process on loopback, drives
 * each workload with a bounded load generator in yet another process, and writes a table to stdout and
 * JSON + an SVG chart + the sign-in CPU profile to bench/results/.
 */
const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
/** `--only=discovery,refresh,provider-sign-in,layers`: those phases alone, for a developer comparing one change (no memory phase, no profiles). */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const runs = (phase: string) => !only || only.includes(phase);
/**
 * `--profile=refresh,passkey-sign-in,provider-sign-in`: the workloads whose CPU profiles to take, ours and
 * their bound's (default: DEFAULT_PROFILES; none with --only). `provider-sign-in` is the bound's alone.
 */
const profiled = process.argv.find((arg) => arg.startsWith('--profile='))?.slice('--profile='.length).split(',');
/** `--relaxed-commits`: the identity server with DATABASE_RELAXED_COMMITS (PostgreSQL's synchronous_commit = off for short-lived artifacts). */
const relaxedCommits = process.argv.includes('--relaxed-commits');
const PLAN = quick
  ? { warmupSeconds: 1, seconds: 3, rounds: 1, hashSeconds: 2, memorySignIns: 300, memoryMaxSeconds: 20, profileSeconds: 3, totpUsers: 400, layerSeconds: 2, layerRounds: 1 }
  : { warmupSeconds: 3, seconds: 15, rounds: 3, hashSeconds: 5, memorySignIns: 10_000, memoryMaxSeconds: 360, profileSeconds: 10, totpUsers: 2_000, layerSeconds: 9, layerRounds: 3 };
const CONNECTIONS = { http: 16, flows: 8 };
const RESULTS_DIR = join(here, '..', '..', 'bench', 'results');
const WORKLOADS = workloads({ connections: CONNECTIONS, totpUsers: PLAN.totpUsers });
/** The sign-ins of the targets, a grant, and a browser's discovery: each of our kinds of work once. */
const DEFAULT_PROFILES = ['password-sign-in', 'passkey-sign-in', 'refresh', 'discovery-cors'];

/**
 * The work whose profile shows a target's bound, on the bare provider on the same database: the same
 * workload where that provider serves it and it touches the storage (the grants, the password sign-in),
 * the provider's own credential-less sign-in for the passkey sign-in; none for the rest.
 */
function boundOf(name: string, workload: Workload | undefined): Workload | undefined {
  if (name === 'provider-sign-in' || name === 'passkey-sign-in') return providerSignInWorkload({ connections: CONNECTIONS, totpUsers: PLAN.totpUsers });
  return workload?.bare && workload.storage ? workload : undefined;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const log = (line: string) => console.error(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const children: Array<Child<unknown>> = [];
  const stopAll = () => Promise.allSettled(children.reverse().map((child) => child.stop()));
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));

  try {
    const script = (path: string) => join(here, path);
    log(`${quick ? 'quick' : 'full'} run: ${PLAN.seconds} s per measurement after ${PLAN.warmupSeconds} s warm-up`);
    const hashWorker = await startChild<unknown>(script('load/hash-rate.worker.js'), {});
    children.push(hashWorker);
    const hashRate = await hashWorker.request<{ hashesPerSecond: number }>('run', { durationSeconds: PLAN.hashSeconds });
    await hashWorker.stop();
    log(`argon2id: ${hashRate.hashesPerSecond} verifications/s on one core`);

    const [identityPort, emulatorPort, barePort] = [await freePort(), await freePort(), await freePort()];
    const identityOrigin = `http://localhost:${identityPort}`;
    const emulator = await startChild<{ url: string; apiUrl: string }>(script('servers/emulator.main.js'), { port: emulatorPort, identityServerOrigin: identityOrigin }, { env: { NODE_ENV: 'production' } });
    children.push(emulator);
    // NODE_ENV=production for the process (Express caches compiled views, as in a deployment); the app's
    // own config is loaded from an explicit object, so production refusals of dev secrets do not apply.
    const ours: Server = await startChild(script('servers/identity-server.main.js'), { port: identityPort, databaseUrl, relaxedCommits, authsignalApiUrl: emulator.ready.apiUrl }, {
      env: { NODE_ENV: 'production' },
      execArgv: ['--expose-gc'],
    });
    children.push(ours);
    const bare: Server = await startChild(script('servers/bare-provider.main.js'), { port: barePort }, { env: { NODE_ENV: 'production' } });
    children.push(bare);
    // The bare provider on the same kind of database as ours (PostgreSQL, or PGlite of its own): what the
    // database costs the provider without our layers.
    const bareDatabase: BareProviderChildConfig['database'] = databaseUrl ? { url: databaseUrl } : 'pglite';
    const bareOnDatabase: Server = await startChild(script('servers/bare-provider.main.js'), { port: await freePort(), database: bareDatabase } satisfies BareProviderChildConfig, { env: { NODE_ENV: 'production' } });
    children.push(bareOnDatabase);
    const databaseName = databaseUrl ? 'PostgreSQL' : 'PGlite';
    const drivers = {
      cannon: await startChild<{ pid: number }>(script('load/autocannon.worker.js'), {}),
      flows: await startChild<{ pid: number }>(script('load/flow.worker.js'), {}),
    };
    children.push(drivers.cannon, drivers.flows);
    log(`identity server ${ours.ready.issuer} (${ours.ready.database}), bare oidc-provider ${bare.ready.issuer} and on ${databaseName} ${bareOnDatabase.ready.issuer}, emulator ${emulator.ready.url}`);

    const afterStart = await ours.request<ProcessUsage>('gc');
    const results: WorkloadResult[] = [];
    const errorSamples: Record<string, string[]> = {};
    const ourSide = (workload: (typeof WORKLOADS)[number]): Side => ({
      server: ours,
      target: { issuer: ours.ready.issuer, emulator: emulator.ready },
      counts: true,
      emulator: workload.unit === 'flows' ? emulator : undefined,
    });
    const bareSide: Side = { server: bare, target: { issuer: bare.ready.issuer }, counts: false };
    const bareOnDatabaseSide: Side = { server: bareOnDatabase, target: { issuer: bareOnDatabase.ready.issuer }, counts: false };
    const sidesOf = (workload: (typeof WORKLOADS)[number]): Side[] => {
      if (!workload.bare) return [ourSide(workload)];
      return workload.storage ? [ourSide(workload), bareSide, bareOnDatabaseSide] : [ourSide(workload), bareSide];
    };
    for (const workload of WORKLOADS.filter((candidate) => runs(candidate.name))) {
      const result: WorkloadResult = { name: workload.name, title: workload.title, unit: workload.unit };
      try {
        const [measured, measuredBare, measuredOnDatabase] = await measureWorkload(sidesOf(workload), drivers, workload, PLAN);
        if (measured.completed === 0) {
          result.notAvailable = measured.errorSamples[0] ?? 'no operation completed';
        } else {
          const { errorSamples: samples, ...figures } = measured;
          result.ours = figures;
          if (samples.length) errorSamples[`${workload.name} (ours)`] = samples;
        }
        // A baseline's figures, and our throughput's ratio to them, once ours has figures at all.
        const baseline = (measuredRun: typeof measured | undefined, label: string) => {
          if (!measuredRun || !result.ours) return undefined;
          const { errorSamples: samples, ...figures } = measuredRun;
          if (samples.length) errorSamples[`${workload.name} (${label})`] = samples;
          return { figures, ratio: ratio(result.ours.perSecond, figures.perSecond) };
        };
        const inMemoryBaseline = baseline(measuredBare, 'bare');
        const databaseBaseline = baseline(measuredOnDatabase, `bare on ${databaseName}`);
        if (inMemoryBaseline) [result.bare, result.ratio] = [inMemoryBaseline.figures, inMemoryBaseline.ratio];
        if (databaseBaseline) [result.bareOnDatabase, result.ratioToBareOnDatabase] = [databaseBaseline.figures, databaseBaseline.ratio];
      } catch (error) {
        result.notAvailable = (error as Error).message;
      }
      results.push(result);
      const onDatabase = result.bareOnDatabase ? `, bare on ${databaseName} ${result.bareOnDatabase.perSecond}/s, ratio ${result.ratioToBareOnDatabase}` : '';
      log(result.ours ? `${workload.title}: ours ${result.ours.perSecond}/s${result.bare ? `, bare ${result.bare.perSecond}/s, ratio ${result.ratio}` : ''}${onDatabase}, errors ${errorsOf(result)}` : `${workload.title}: not available (${result.notAvailable})`);
    }
    const afterWarmup = await ours.request<ProcessUsage>('gc');

    // The provider's own sign-in with no hash, on the same database as ours: the passkey target's bound.
    // After the workloads: its sessions would otherwise fill the bare provider's storage before their figures.
    let providerSignIn: ProviderSignIn | undefined;
    if (runs('provider-sign-in')) {
      const { errorSamples: samples, ...figures } = await measureProviderSignIn(bareOnDatabaseSide, databaseName, drivers, { ...PLAN, connections: CONNECTIONS });
      providerSignIn = figures;
      if (samples.length) errorSamples[`provider-sign-in (bare on ${databaseName})`] = samples;
      log(`the provider's own sign-in, no credential check, on ${databaseName}: ${figures.perSecond}/s, ${figures.perSecondPerCore}/s/core, errors ${figures.errors}`);
    }

    // Where the overhead over bare comes from: the same provider behind each stack in turn.
    let layers: LayerResult[] = [];
    if (runs('layers')) {
      // A process per stack: a provider serving several stacks would run slower for each (see layer-stacks.ts).
      const layerServers: Array<Child<{ layers: Layer[] }>> = [];
      for (const { name } of LAYER_STACKS) {
        const server = await startChild<{ layers: Layer[] }>(script('servers/layers.main.js'), { stack: name } satisfies LayersChildConfig, { env: { NODE_ENV: 'production' } });
        layerServers.push(server);
        children.push(server);
      }
      const plan = { seconds: PLAN.layerSeconds, warmupSeconds: PLAN.warmupSeconds, rounds: PLAN.layerRounds, connections: CONNECTIONS.http, path: '/.well-known/openid-configuration' };
      layers = await measureLayers(drivers.cannon, layerServers, plan);
      for (const server of layerServers) await server.stop();
    }
    if (layers.length) log(`layers: ${layers.map((layer) => `${layer.name} ${layer.ratio}`).join(', ')}`);

    // Memory: the cheapest complete sign-in available, repeated, then RSS and what the database holds.
    const signInWorkload = (['passkey-sign-in', 'mfa-sign-in', 'password-sign-in'] as const).find((name) => results.find((result) => result.name === name)?.ours);
    const storageBefore = await ours.request<Array<{ model: string; rows: number; bytes: number }>>('storage');
    let memory: Record<string, unknown> = { notAvailable: only ? 'not run (--only)' : 'no sign-in flow works' };
    if (signInWorkload && !only) {
      log(`memory: ${PLAN.memorySignIns} ${signInWorkload} flows`);
      const signIns = await drivers.flows.request<FlowResult>('run', {
        workload: signInWorkload,
        issuer: ours.ready.issuer,
        emulator: emulator.ready,
        connections: CONNECTIONS.flows,
        // Bounded in time too: password sign-ins are hash-bound, and the run must end within its budget.
        durationSeconds: PLAN.memoryMaxSeconds,
        maxOperations: PLAN.memorySignIns,
        totpUsers: PLAN.totpUsers,
      } satisfies FlowRun);
      const afterSignIns = await ours.request<ProcessUsage>('gc');
      const storageAfter = await ours.request<Array<{ model: string; rows: number; bytes: number }>>('storage');
      const session = storageAfter.find((row) => row.model === 'Session');
      const total = (rows: typeof storageAfter) => rows.reduce((sum, row) => sum + row.bytes, 0);
      memory = {
        signInFlow: signInWorkload,
        signIns: signIns.completed,
        signInErrors: signIns.errors,
        rssMiB: { afterStart: mib(afterStart.rss), afterWarmup: mib(afterWarmup.rss), afterSignIns: mib(afterSignIns.rss) },
        // What RSS holds: live objects, and the young generation V8 keeps sized for the load it saw.
        heapMiB: Object.fromEntries(
          Object.entries({ afterStart, afterWarmup, afterSignIns }).map(([when, usage]) => [
            when,
            usage.heap && { used: mib(usage.heap.usedBytes), youngGeneration: mib(usage.heap.youngGenerationBytes), total: mib(usage.heap.totalBytes) },
          ]),
        ),
        rssGrowthPerSignInBytes: Math.round((afterSignIns.rss - afterWarmup.rss) / Math.max(1, signIns.completed)),
        sessions: session?.rows ?? 0,
        bytesPerSessionRow: session ? Math.round(session.bytes / session.rows) : undefined,
        storedBytesPerSignIn: Math.round((total(storageAfter) - total(storageBefore)) / Math.max(1, signIns.completed)),
        storage: storageAfter,
      };
      log(`memory: RSS ${mib(afterWarmup.rss)} MiB after warm-up, ${mib(afterSignIns.rss)} MiB after ${signIns.completed} sign-ins`);
    }

    // Where the time goes: CPU profiles of the identity server's main thread, during the sign-ins, a grant
    // and a browser's discovery (no database, and through the provider rather than its published bytes:
    // what our HTTP layers cost on their own); and, for each target a run may find bounded, of the bound's
    // own server during the same work (see boundOf).
    const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
    mkdirSync(RESULTS_DIR, { recursive: true });
    const profiles: Record<string, { ours?: ProfileSummary; bound?: ProfileSummary }> = {};
    const oursProfiled: ProfiledServer = { name: 'ours', server: ours, target: { issuer: ours.ready.issuer, emulator: emulator.ready } };
    const boundProfiled: ProfiledServer = { name: `bare on ${databaseName}`, server: bareOnDatabase, target: { issuer: bareOnDatabase.ready.issuer } };
    const defaultProfiles = DEFAULT_PROFILES.filter((name) => results.find((result) => result.name === name)?.ours);
    for (const name of profiled ?? (only ? [] : defaultProfiles)) {
      const workload = WORKLOADS.find((candidate) => candidate.name === name);
      const bound = boundOf(name, workload);
      if (!workload && !bound) continue;
      const output = (side: string) => ({ directory: RESULTS_DIR, file: `${stamp}-${name}${side}.cpuprofile` });
      const entry: (typeof profiles)[string] = {};
      if (workload) entry.ours = await profileWhileDriving(oursProfiled, workload, drivers, PLAN.profileSeconds, output(''));
      if (bound) entry.bound = await profileWhileDriving(boundProfiled, bound, drivers, PLAN.profileSeconds, output('-bound'));
      profiles[name] = entry;
      for (const summary of [entry.ours, entry.bound]) if (summary) log(`profiled ${profileLine(summary)}`);
    }

    const targets = issueTargets(results, hashRate.hashesPerSecond, databaseName, providerSignIn);

    const report = {
      startedAt: startedAt.toISOString(),
      mode: quick ? 'quick' : 'full',
      plan: { ...PLAN, connections: CONNECTIONS },
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}` },
      database: ours.ready.database,
      hashRate,
      providerSignIn,
      results,
      layers,
      errorSamples,
      memory,
      profiles,
      targets,
      durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    };
    writeFileSync(join(RESULTS_DIR, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
    const panels = results.filter((result) => result.ours).map((result) => ({ title: result.title, unit: result.unit === 'flows' ? 'flows' : 'req', ours: result.ours!.perSecond, bare: result.bare?.perSecond }));
    writeFileSync(join(RESULTS_DIR, `${stamp}.svg`), throughputChart(panels, `Throughput on ${cpus().length} cores, ${ours.ready.database} (${startedAt.toISOString().slice(0, 10)})`));

    console.log(`\n${resultsTable(results, databaseName)}\n`);
    console.log(`round trips per operation (ours, on ${ours.ready.database}):\n${roundTripTable(results)}\n`);
    if (layers.length) console.log(`per layer, discovery (${PLAN.layerRounds} round${PLAN.layerRounds > 1 ? 's' : ''} of ${PLAN.layerSeconds / PLAN.layerRounds} s per layer):\n${layersTable(layers)}\n`);
    console.log(`argon2id verifications/s on one core: ${hashRate.hashesPerSecond}`);
    if (providerSignIn) {
      const { where, perSecond, perSecondPerCore, serverCores, errors } = providerSignIn;
      console.log(`the provider's own sign-in, no credential check (bare provider on ${where}): ${perSecond}/s, ${perSecondPerCore} /s per core (${serverCores} cores), errors ${errors}`);
    }
    if (memory.rssMiB) console.log(`memory: RSS ${JSON.stringify(memory.rssMiB)} MiB, heap ${JSON.stringify(memory.heapMiB)} MiB; ${memory.sessions} sessions, ${memory.bytesPerSessionRow} bytes per session row, ${memory.storedBytesPerSignIn} stored bytes per sign-in`);
    for (const profile of Object.values(profiles).flatMap((entry) => [entry.ours, entry.bound])) {
      if (profile) console.log(`CPU profile (main thread) of ${profileLine(profile)}`);
    }
    console.log(`\n${targetsTable(targets)}\n`);
    console.log(`results: bench/results/${stamp}.json, .svg, -*.cpuprofile (${report.durationSeconds} s)`);
    // Figures are only worth reading when every operation succeeded: a smoke run (CI) must fail otherwise.
    const failed = [
      ...results.filter((result) => !result.ours || errorsOf(result) > 0).map((result) => result.name),
      ...layers.filter((layer) => layer.errors > 0 || layer.perSecond === 0).map((layer) => `layer ${layer.name}`),
      ...(providerSignIn && (providerSignIn.errors > 0 || providerSignIn.perSecond === 0) ? ['provider-sign-in'] : []),
    ];
    if (failed.length > 0 || memory.signInErrors) {
      console.error(`bench: errors or missing figures in ${failed.join(', ') || 'the memory phase'}`);
      process.exitCode = 1;
    }
  } finally {
    await stopAll();
  }
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
