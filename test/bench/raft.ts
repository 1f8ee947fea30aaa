// End-to-end write benchmark of baton's replicated key/value store: a LocalCluster of real manager
// processes on 127.0.0.1 (Raft over gRPC, LevelDB with fsync), loaded by separate worker processes
// (test/bench/load-worker.ts) running closed-loop clients: each client puts a distinct key, waits
// for the answer, and puts the next. For each client count C, up to three modes:
//   unary   C concurrent BatonClient.put() calls (baton's typed client on the unary path: request
//           ids, retries, leader discovery),
//   stub    C concurrent Control/Put calls through a bare grpc-js stub loaded with proto-loader:
//           what any generic gRPC client does, and exactly the load generator used for etcd,
//   stream  C requests in flight on client.session() streams (one session per worker process).
// Before the first measured run of a system, --warmup-run seconds of unmeasured load in each mode
// at the largest client count (not with --fresh): a fresh Node.js process runs its first seconds
// of load before the JIT has compiled the hot paths (measured: the first 3 s run on a new cluster
// gave 8,491 puts/s streaming, the same run a minute later 13,781).
// Committed puts/s and p50/p99 latency over --seconds, after --warmup seconds. Also printed: the
// disk's fsync latency, and the CPU of the load generator and of every manager during each run
// (from /proc/<pid>/stat), so a reader can tell when the machine is the limit.
//
// --vs-etcd runs the same unary workload, from the same grpc-js load generator (the 'stub' one),
// against a 3-member etcd on loopback (etcdserverpb.KV/Put; Debian's etcd-server is installed if
// missing and we are root) and prints the baton/etcd ratios. Both clusters run side by side and the
// runs alternate (for each client count: baton's modes, then etcd), so that both systems see the
// machine at the same speed: a shared virtual machine's speed drifts by ±25% within an hour.
// --rounds N repeats the whole sequence N times and prints each ratio's median and range over the
// rounds (each round's baton runs paired with that round's etcd run).
//
//   npm run bench:raft -- [--managers 3] [--clients 1,16,64,256] [--seconds 10] [--value-bytes 256]
//                         [--modes unary,stub,stream] [--workers 2] [--sessions-per-worker 1]
//                         [--target leader|follower] [--warmup 1] [--warmup-run 5] [--vs-etcd] [--rounds 1]
//                         [--key-space N]   (write N keys over and over instead of distinct keys)
//                         [--fresh] [--json]
//                         [--quiet-wait 60] [--busy-limit 20] [--busy-retries 2]
//                         [--profile DIR]   (CPU profiles of the managers into DIR, see cpu-profile.cjs)
//                         [--report FILE]   (print the tables of a document saved from --json; runs nothing)
// With --json, use `npm run -s bench:raft` (or `npx tsx test/bench/raft.ts`): npm's banner goes to stdout.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { BatonClient } from '../../src/client/client.js';
import { LocalCluster } from '../../deploy/local/cluster.js';
import {
  type CpuSample,
  Worker,
  children,
  cpuPercent,
  fmtInt,
  fmtMs,
  fmtPct,
  killChildrenSync,
  machineBusyPercent,
  machineDescription,
  othersPercent,
  waitQuiet,
  measureFsync,
  measureFsyncConcurrent,
  median,
  percentile,
  sampleCpu,
  sleep,
  stopChild,
  table,
  within,
} from './bench-util.js';
import { EtcdCluster, ensureEtcd, etcdVersion } from './etcd/cluster.js';
import type { Result, WorkerMode } from './load-worker.js';

const { values: args } = parseArgs({
  options: {
    managers: { type: 'string', default: '3' },
    clients: { type: 'string', default: '1,16,64,256' },
    seconds: { type: 'string', default: '10' },
    'value-bytes': { type: 'string', default: '256' },
    'key-space': { type: 'string', default: '0' },
    modes: { type: 'string', default: 'unary,stub,stream' },
    workers: { type: 'string', default: '2' },
    'sessions-per-worker': { type: 'string', default: '1' },
    target: { type: 'string', default: 'leader' },
    warmup: { type: 'string', default: '1' },
    'warmup-run': { type: 'string', default: '5' },
    'timeout-ms': { type: 'string', default: '10000' },
    'quiet-wait': { type: 'string', default: '60' },
    'busy-limit': { type: 'string', default: '20' },
    'busy-retries': { type: 'string', default: '2' },
    'vs-etcd': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '1' },
    fresh: { type: 'boolean', default: false },
    profile: { type: 'string' },
    report: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

function num(name: string, v: string | undefined, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`--${name} must be a number in [${min}, ${max}], got ${v}`);
    process.exit(2);
  }
  return n;
}

const MANAGERS = Math.floor(num('managers', args.managers, 1, 9));
const CLIENTS = (args.clients ?? '').split(',').map((c) => Math.floor(num('clients', c, 1, 10_000)));
const SECONDS = num('seconds', args.seconds, 0.5, 600);
const VALUE_BYTES = Math.floor(num('value-bytes', args['value-bytes'], 0, 1024 * 1024));
const KEY_SPACE = Math.floor(num('key-space', args['key-space'], 0, 100_000_000));
const WORKERS = Math.floor(num('workers', args.workers, 1, 64));
const SESSIONS_PER_WORKER = Math.floor(num('sessions-per-worker', args['sessions-per-worker'], 1, 1000));
const WARMUP = num('warmup', args.warmup, 0, 60);
const WARMUP_RUN = num('warmup-run', args['warmup-run'], 0, 600);
const ROUNDS = Math.floor(num('rounds', args.rounds, 1, 50));
const TIMEOUT_MS = Math.floor(num('timeout-ms', args['timeout-ms'], 100, 120_000));
const QUIET_WAIT_MS = num('quiet-wait', args['quiet-wait'], 0, 600) * 1000;
const BUSY_LIMIT = num('busy-limit', args['busy-limit'], 0, 200);
const BUSY_RETRIES = Math.floor(num('busy-retries', args['busy-retries'], 0, 20));
const FRESH = args.fresh;
if (FRESH && args.profile) (console.error('--fresh and --profile do not go together'), process.exit(2));
type Mode = 'unary' | 'stub' | 'stream';
const MODES = (args.modes ?? '').split(',').filter(Boolean) as Mode[];
for (const m of MODES) if (m !== 'unary' && m !== 'stub' && m !== 'stream') (console.error(`--modes: unary, stub and/or stream, got ${m}`), process.exit(2));
if (args.target !== 'leader' && args.target !== 'follower') (console.error(`--target: leader or follower, got ${args.target}`), process.exit(2));
const TARGET = args.target as 'leader' | 'follower';
if (TARGET === 'follower' && MANAGERS < 2) (console.error('--target follower needs --managers 2 or more'), process.exit(2));
const JSON_OUT = args.json;

/** Progress goes to stderr, so that --json keeps stdout to the document. */
const say = (s: string) => process.stderr.write(`${s}\n`);

// ------------------------------------------------------------------ the report (also from a saved --json document)

interface Config {
  managers: number;
  clients: number[];
  modes: Mode[];
  seconds: number;
  warmupSeconds: number;
  valueBytes: number;
  /** Keys written over and over (0 or absent: distinct keys). */
  keySpace?: number;
  workers: number;
  sessionsPerWorker: number;
  target: string;
  quietWaitSeconds: number;
  busyLimitPct: number;
  busyRetries: number;
  /** A new cluster for every run (else one cluster, whose store grows from run to run). */
  fresh: boolean;
  /** Times the whole sequence ran (baton and etcd alternating); 1 in documents from before. */
  rounds?: number;
  /** Seconds of unmeasured load before the first run of each system (absent: none). */
  warmupRunSeconds?: number;
}

interface Ratio {
  clients: number;
  unaryVsEtcd: number | null;
  unaryP99VsEtcd: number | null;
  /** The bare stub: the identical load generator on both sides. */
  stubVsEtcd?: number | null;
  stubP99VsEtcd?: number | null;
  streamVsEtcdUnary: number | null;
  /** With --rounds > 1: each ratio's [min, max] over the rounds (the fields above are medians). */
  ranges?: Partial<Record<RatioKey, [number, number]>>;
}

type RatioKey = 'unaryVsEtcd' | 'unaryP99VsEtcd' | 'stubVsEtcd' | 'stubP99VsEtcd' | 'streamVsEtcdUnary';

interface Doc {
  date: string;
  machine: ReturnType<typeof machineDescription>;
  config: Config;
  fsync: ReturnType<typeof measureFsync> | null;
  /** The same with one writer per manager at once (absent in documents from before it existed). */
  fsyncTogether?: Awaited<ReturnType<typeof measureFsyncConcurrent>> | null;
  etcd: { version: string; leaderKnown: boolean } | null;
  etcdError: string | null;
  results: RunResult[];
  ratios: Ratio[];
  notes: string[];
}

/** One round's ratios at one client count: its baton runs against its etcd run. */
function roundRatios(results: RunResult[], c: number, round: number): Record<RatioKey, number | null> {
  const find = (system: 'baton' | 'etcd', mode: Mode) => results.find((r) => r.system === system && (system === 'etcd' || r.mode === mode) && r.clients === c && (r.round ?? 1) === round);
  const u = find('baton', 'unary');
  const b = find('baton', 'stub');
  const s = find('baton', 'stream');
  const e = find('etcd', 'unary');
  return {
    unaryVsEtcd: u && e ? u.putsPerSec / e.putsPerSec : null,
    unaryP99VsEtcd: u && e ? u.p99Ms / e.p99Ms : null,
    stubVsEtcd: b && e ? b.putsPerSec / e.putsPerSec : null,
    stubP99VsEtcd: b && e ? b.p99Ms / e.p99Ms : null,
    streamVsEtcdUnary: s && e ? s.putsPerSec / e.putsPerSec : null,
  };
}

const RATIO_KEYS: RatioKey[] = ['unaryVsEtcd', 'unaryP99VsEtcd', 'stubVsEtcd', 'stubP99VsEtcd', 'streamVsEtcdUnary'];

function ratiosOf(results: RunResult[], clients: number[], rounds: number): Ratio[] {
  return clients
    .map((c) => {
      const per = Array.from({ length: rounds }, (_, i) => roundRatios(results, c, i + 1));
      const ratio: Ratio = { clients: c, unaryVsEtcd: null, unaryP99VsEtcd: null, stubVsEtcd: null, stubP99VsEtcd: null, streamVsEtcdUnary: null };
      for (const k of RATIO_KEYS) {
        const xs = per.map((p) => p[k]).filter((x): x is number => x !== null);
        if (xs.length === 0) continue;
        ratio[k] = median(xs);
        if (rounds > 1) (ratio.ranges ??= {})[k] = [Math.min(...xs), Math.max(...xs)];
      }
      return ratio;
    })
    .filter((r) => r.unaryVsEtcd !== null || r.stubVsEtcd !== null || r.streamVsEtcdUnary !== null);
}

/** CPU time per committed put (µs): robust to other load on the machine, unlike puts/s. */
function perPut(r: RunResult): string {
  if (r.putsPerSec <= 0) return '-';
  const us = (pct: number | null) => (pct === null ? '-' : String(Math.round((pct / 100 / r.putsPerSec) * 1e6)));
  const f = r.cpu.servers.filter((s) => !s.leader);
  const fAvg = f.length ? f.reduce((a, s) => a + (s.pct ?? 0), 0) / f.length : null;
  return `${us(r.cpu.loadGenPct)}, ${us(r.cpu.servers.find((s) => s.leader)?.pct ?? null)}, ${us(fAvg)}`;
}

/**
 * The puts/s this run's CPU per put would give with every core of the machine busy (puts/s scaled
 * by 100 / machine busy %): how far the run is from the machine's limit at that cost per put.
 * Not a bound for other loads: with more clients in flight batches grow and the cost per put falls.
 */
function allCoresBusy(r: RunResult): number {
  const busy = r.cpu.machineBusyPct;
  return busy === null || !(busy > 0) ? NaN : (r.putsPerSec * 100) / busy;
}

function runTable(rs: RunResult[]): string {
  const rounds = rs.some((r) => (r.round ?? 1) > 1);
  return table(
    [...(rounds ? ['round'] : []), 'clients', 'puts/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'load gen CPU', 'leader CPU', 'follower CPU', 'machine busy', 'others CPU', 'CPU µs/put: load gen, leader, follower', 'puts/s, all cores busy'],
    rs.map((r) => [
      ...(rounds ? [String(r.round ?? 1)] : []),
      String(r.clients),
      fmtInt(r.putsPerSec),
      fmtMs(r.p50Ms),
      fmtMs(r.p99Ms),
      fmtMs(r.maxMs, 1),
      String(r.errors + r.abandoned),
      fmtPct(r.cpu.loadGenPct),
      r.cpu.servers.filter((s) => s.leader).map((s) => fmtPct(s.pct)).join(', ') || '-',
      r.cpu.servers.filter((s) => !s.leader).map((s) => fmtPct(s.pct)).join(', ') || '-',
      fmtPct(r.cpu.machineBusyPct),
      fmtPct(r.cpu.othersPct),
      perPut(r),
      fmtInt(allCoresBusy(r)),
    ]),
  );
}

const ratio = (x: number | null | undefined, range?: [number, number]): string =>
  x === null || x === undefined ? '-' : `${x.toFixed(2)}x${range ? ` (${range[0].toFixed(2)}-${range[1].toFixed(2)})` : ''}`;

function textReport(d: Doc): string {
  const c = d.config;
  const out: string[] = [];
  out.push(`machine: ${d.machine.cores} cores, ${d.machine.cpu}, Node ${d.machine.node}, Linux ${d.machine.kernel}`);
  if (d.fsync) {
    out.push(
      `disk: 256 B append + fdatasync in the data dir's filesystem, ${d.fsync.rounds} rounds: ` +
        `p50 ${fmtMs(d.fsync.p50Ms, 3)} ms, p99 ${fmtMs(d.fsync.p99Ms, 3)} ms, mean ${fmtMs(d.fsync.meanMs, 3)} ms, max ${fmtMs(d.fsync.maxMs, 3)} ms` +
        (d.fsyncTogether
          ? `; ${d.fsyncTogether.writers} writers at once (one per manager): p50 ${fmtMs(d.fsyncTogether.p50Ms, 3)} ms, p99 ${fmtMs(d.fsyncTogether.p99Ms, 3)} ms, max ${fmtMs(d.fsyncTogether.maxMs, 3)} ms`
          : ''),
    );
  }
  out.push(
    `workload: closed-loop clients, ${c.keySpace ? `${c.keySpace.toLocaleString('en-US')} keys written over and over` : 'distinct keys'}, ${c.valueBytes} B values, ${c.seconds} s per run after ${c.warmupSeconds} s warm-up, ` +
      `load from up to ${c.workers} worker processes aimed at the ${c.target}. CPU: % of one core over the measured window ` +
      `(load gen: all worker processes together; machine busy: % of all ${d.machine.cores} cores; ` +
      `others: what the rest of the machine used, % of one core; puts/s, all cores busy: puts/s × 100 / machine busy, what ` +
      `the run's CPU per put would allow with no core idle). Before each run the bench waits up to ` +
      `${c.quietWaitSeconds} s for the machine to be idle, and a run during which others used more than ${c.busyLimitPct}% ` +
      `is made again (up to ${c.busyRetries} times; the least disturbed is shown). ` +
      (c.fresh
        ? 'A new cluster for every run (--fresh).'
        : `One cluster for all runs of a system: its store ${c.keySpace ? `stays at ${c.keySpace.toLocaleString('en-US')} keys (etcd keeps every revision: it is not compacted)` : 'grows from run to run'}.`) +
      (c.warmupRunSeconds ? ` Before its first run, each system had ${c.warmupRunSeconds} s of unmeasured load.` : '') +
      (c.rounds && c.rounds > 1 ? ` ${c.rounds} rounds; baton and etcd alternate (the idle one stopped with SIGSTOP).` : ''),
  );
  const title = { unary: 'unary Put (BatonClient.put)', stub: 'unary Put (bare grpc-js stub, as for etcd)', stream: `streaming (client.session(), ${c.sessionsPerWorker} session per worker process)` };
  for (const mode of c.modes) {
    out.push('', `baton, ${c.managers} managers, ${title[mode]}:`, runTable(d.results.filter((r) => r.system === 'baton' && r.mode === mode)));
  }
  const er = d.results.filter((r) => r.system === 'etcd');
  if (er.length > 0) {
    out.push('', `etcd ${d.etcd?.version}, ${c.managers} members, unary KV/Put from the same grpc-js load generator:`, runTable(er));
    out.push(
      '',
      (c.rounds ?? 1) > 1 ? `baton / etcd, median of ${c.rounds} rounds (range):` : 'baton / etcd:',
      table(
        ['clients', 'stub puts/s ratio', 'stub p99 ratio', 'BatonClient unary puts/s ratio', 'BatonClient unary p99 ratio', 'stream puts/s vs etcd unary'],
        d.ratios.map((r) => [String(r.clients), ...(['stubVsEtcd', 'stubP99VsEtcd', 'unaryVsEtcd', 'unaryP99VsEtcd', 'streamVsEtcdUnary'] as const).map((k) => ratio(r[k], r.ranges?.[k]))]),
      ),
    );
  }
  if (d.etcdError) out.push('', `--vs-etcd not run: ${d.etcdError}`);
  for (const r of d.results) if (r.firstError) out.push(`${r.system} ${r.mode} ${r.clients}: first error: ${r.firstError}`);
  for (const r of d.results) if (r.attempts > 1) out.push(`${r.system} ${r.mode} ${r.clients}: best of ${r.attempts} runs (the machine was busy)`);
  for (const n of d.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

if (args.report) {
  const d = JSON.parse(readFileSync(args.report, 'utf8')) as Doc;
  // Documents from before these fields existed.
  const defaults: Partial<Config> = { modes: ['unary', 'stream'], quietWaitSeconds: 60, busyLimitPct: 20, busyRetries: 2, fresh: false };
  d.config = { ...defaults, ...d.config };
  console.log(textReport(d));
  process.exit(0);
}

// ------------------------------------------------------------------ bounds and cleanup

const runs = ROUNDS * CLIENTS.length * (MODES.length + (args['vs-etcd'] ? 1 : 0));
const BUDGET_MS = runs * (1 + BUSY_RETRIES) * (SECONDS + WARMUP + 45 + QUIET_WAIT_MS / 1000) * 1000 + 240_000 + (args['vs-etcd'] ? 300_000 : 0);

let cluster: LocalCluster | null = null;
let etcd: EtcdCluster | null = null;
let cleaning: Promise<void> | null = null;

/**
 * The processes of the system not being measured are stopped (SIGSTOP) during the other's runs, so
 * that its idle work (timers, heartbeats: 5-8% of a core for three managers) is not charged to the
 * other system. Resumed before it is measured again or closed.
 */
const paused = new Set<number>();
function pause(pids: number[]): void {
  for (const pid of pids) {
    if (paused.has(pid)) continue;
    try {
      process.kill(pid, 'SIGSTOP');
      paused.add(pid);
    } catch {
      // already gone
    }
  }
}
function resume(pids: number[] = [...paused]): void {
  for (const pid of pids) {
    if (!paused.delete(pid)) continue;
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // already gone
    }
  }
}

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    resume();
    await Promise.all([...children].map((p) => stopChild(p)));
    await cluster?.close().catch(() => {});
    await etcd?.close().catch(() => {});
  })();
  return cleaning;
}

const watchdog = setTimeout(() => {
  say(`bench:raft: still running after ${Math.round(BUDGET_MS / 1000)} s; stopping everything`);
  void cleanup().finally(() => process.exit(1));
}, BUDGET_MS);
watchdog.unref();
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    say(`bench:raft: ${sig}; stopping everything`);
    void cleanup().finally(() => process.exit(130));
  });
}
process.on('exit', () => {
  resume();
  killChildrenSync();
});

// ------------------------------------------------------------------ one run

interface RunResult {
  system: 'baton' | 'etcd';
  mode: Mode;
  clients: number;
  workers: number;
  streams: number | null;
  seconds: number;
  putsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  abandoned: number;
  firstError: string | null;
  cpu: {
    loadGenPct: number;
    servers: { name: string; leader: boolean; pct: number | null }[];
    machineBusyPct: number;
    /** Everything else on the machine (other people's processes), % of one core. */
    othersPct: number;
  };
  /** Busy % of the machine in the second before the run (after waiting for it to be quiet). */
  busyBeforePct: number;
  /** Runs made to get this one (see runClean). */
  attempts: number;
  /** Which round of --rounds (absent in documents from before: 1). */
  round?: number;
}

interface Target {
  system: 'baton' | 'etcd';
  /** Addresses, the one to load first. */
  addresses: string[];
  /** Server processes to account CPU for. */
  servers: { name: string; pid: number; leader: boolean }[];
}

async function run(target: Target, mode: Mode, clients: number, seconds = SECONDS): Promise<RunResult> {
  const nWorkers = Math.min(WORKERS, clients);
  const workerMode: WorkerMode = target.system === 'etcd' ? 'etcd' : mode;
  const tag = `${Date.now().toString(36)}`;
  const quiet = await waitQuiet(QUIET_WAIT_MS);
  if (quiet.busyPct >= 15) notes.push(`machine ${Math.round(quiet.busyPct)}% busy before ${target.system} ${mode} ${clients} (waited ${Math.round(quiet.waitedMs / 1000)} s)`);
  const workers = Array.from({ length: nWorkers }, (_, i) => new Worker(`${target.system}-${mode}-${clients}-${i}`));
  try {
    await Promise.all(
      workers.map((w, i) =>
        w.setup({
          mode: workerMode,
          addresses: target.addresses,
          clients: Math.floor(clients / nWorkers) + (i < clients % nWorkers ? 1 : 0),
          valueBytes: VALUE_BYTES,
          // A bounded key space is shared by every run of a system: its store stays at KEY_SPACE keys.
          keyPrefix: KEY_SPACE > 0 ? 'bench/ks' : `bench/${tag}/${mode}/${clients}/w${i}`,
          keySpace: KEY_SPACE,
          timeoutMs: TIMEOUT_MS,
          sessions: SESSIONS_PER_WORKER,
        }),
      ),
    );
    const measureFrom = Date.now() + 200 + WARMUP * 1000;
    const measureTo = measureFrom + seconds * 1000;
    for (const w of workers) w.send({ type: 'go', measureFrom, measureTo });
    const pids = [...workers.map((w) => w.pid), ...target.servers.map((s) => s.pid)];
    const results = workers.map((w) => w.next<{ type: 'result' } & Result>(measureTo - Date.now() + TIMEOUT_MS + 15_000, 'result'));
    await sleep(measureFrom - Date.now());
    const s0: CpuSample = sampleCpu(pids);
    await sleep(measureTo - Date.now());
    const s1: CpuSample = sampleCpu(pids);
    const rs = await Promise.all(results);

    const n = rs.reduce((a, r) => a + r.latencies.length, 0);
    const all = new Float64Array(n);
    let off = 0;
    for (const r of rs) {
      all.set(r.latencies, off);
      off += r.latencies.length;
    }
    all.sort();
    const ops = rs.reduce((a, r) => a + r.ops, 0);
    const loadGenPct = workers.reduce((a, w) => a + (cpuPercent(s0, s1, w.pid) ?? 0), 0);
    return {
      system: target.system,
      mode,
      clients,
      workers: nWorkers,
      streams: mode === 'stream' ? nWorkers * Math.min(SESSIONS_PER_WORKER, clients) : null,
      seconds,
      putsPerSec: ops / seconds,
      p50Ms: percentile(all, 50),
      p99Ms: percentile(all, 99),
      maxMs: all.length ? all[all.length - 1]! : NaN,
      errors: rs.reduce((a, r) => a + r.errors, 0),
      abandoned: rs.reduce((a, r) => a + r.abandoned, 0),
      firstError: rs.find((r) => r.firstError)?.firstError ?? null,
      cpu: {
        loadGenPct,
        servers: target.servers.map((s) => ({ name: s.name, leader: s.leader, pct: cpuPercent(s0, s1, s.pid) })),
        machineBusyPct: machineBusyPercent(s0, s1),
        othersPct: othersPercent(s0, s1, [process.pid, ...pids]),
      },
      busyBeforePct: quiet.busyPct,
      attempts: 1,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/**
 * Runs again (at most --busy-retries times) while other processes used more than --busy-limit % of
 * a core during the run, and keeps the run disturbed least: the machine may be shared.
 */
async function runClean(once: () => Promise<RunResult>): Promise<RunResult> {
  let last = await once();
  let best = last;
  let attempts = 1;
  for (; attempts <= BUSY_RETRIES && best.cpu.othersPct > BUSY_LIMIT; attempts++) {
    say(`  other processes used ${Math.round(last.cpu.othersPct)}% of a core during the run: once more`);
    last = await once();
    if (last.cpu.othersPct < best.cpu.othersPct) best = last;
  }
  return { ...best, attempts };
}

// ------------------------------------------------------------------ main

const machine = machineDescription();
const results: RunResult[] = [];
let fsync: ReturnType<typeof measureFsync> | null = null;
let fsyncTogether: Awaited<ReturnType<typeof measureFsyncConcurrent>> | null = null;
let etcdInfo: { version: string; leaderKnown: boolean } | null = null;
let etcdError: string | null = null;
const notes: string[] = [];

try {
  const savedNodeOptions = process.env.NODE_OPTIONS;
  if (args.profile) {
    // Node 20 refuses --cpu-prof in NODE_OPTIONS: a preloaded script runs the profiler instead.
    const dir = path.resolve(args.profile);
    mkdirSync(dir, { recursive: true });
    process.env.NODE_OPTIONS = `${savedNodeOptions ?? ''} --require ${fileURLToPath(new URL('./cpu-profile.cjs', import.meta.url))}`.trim();
    process.env.BATON_BENCH_CPU_PROF_DIR = dir;
    say(`managers write CPU profiles to ${dir} (on SIGTERM at the end)`);
  }
  say(`starting ${MANAGERS} managers ...`);
  const startCluster = async () => {
    await cluster?.close();
    cluster = null;
    cluster = await within(LocalCluster.start({ managers: MANAGERS, logLevel: 'warn' }), 120_000, 'LocalCluster.start');
  };
  try {
    await startCluster();
  } finally {
    if (args.profile) {
      if (savedNodeOptions === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = savedNodeOptions;
      delete process.env.BATON_BENCH_CPU_PROF_DIR;
    }
  }

  /** Where the load goes now: the leader (or a follower) as the cluster says at the time. */
  const batonTarget = async (): Promise<Target> => {
    const c = cluster!;
    const leader = await c.leaderIndex();
    if (leader < 0) throw new Error('the cluster has no leader');
    const first = TARGET === 'leader' ? leader : c.managers.findIndex((_, i) => i !== leader);
    const order = [first, ...c.managers.map((_, i) => i).filter((i) => i !== first)];
    return {
      system: 'baton',
      addresses: order.map((i) => c.managers[i]!.address),
      servers: c.managers.map((m, i) => ({ name: `m${i}`, pid: m.proc!.pid!, leader: i === leader })),
    };
  };
  const t0 = await batonTarget();
  say(`managers (data in ${cluster!.dir}): ${t0.servers.map((s) => `${s.name} pid ${s.pid}${s.leader ? ' (leader)' : ''}`).join(', ')}`);
  const follower = t0.servers.findIndex((s) => !s.leader);

  // Followers take writes too (forwarded to the leader): check once, through a follower alone.
  if (follower >= 0) {
    const fc = new BatonClient({ managers: [cluster!.managers[follower]!.address], timeoutMs: 5000 });
    try {
      await fc.put('bench/follower-check', 'ok');
      const g = await fc.get('bench/follower-check');
      if (g.kv?.value.toString() !== 'ok') throw new Error(`read back ${JSON.stringify(g.kv?.value.toString())}`);
    } finally {
      fc.close();
    }
  }

  fsync = measureFsync(cluster!.dir);
  say(`fsync (256 B append + fdatasync in ${cluster!.dir}): p50 ${fmtMs(fsync.p50Ms, 3)} ms, p99 ${fmtMs(fsync.p99Ms, 3)} ms, mean ${fmtMs(fsync.meanMs, 3)} ms`);
  fsyncTogether = await measureFsyncConcurrent(cluster!.dir, MANAGERS);
  say(`fsync, ${MANAGERS} writers at once: p50 ${fmtMs(fsyncTogether.p50Ms, 3)} ms, p99 ${fmtMs(fsyncTogether.p99Ms, 3)} ms`);

  // etcd, when compared, runs beside baton's cluster so that the runs can alternate.
  let etcdTarget: (() => Target) | null = null;
  let startEtcd: (() => Promise<void>) | null = null;
  if (args['vs-etcd']) {
    try {
      const bin = ensureEtcd(say);
      say(`starting a ${MANAGERS}-member etcd ${etcdVersion(bin.etcd)} ...`);
      startEtcd = async () => {
        await etcd?.close();
        etcd = null;
        etcd = await EtcdCluster.start(bin, MANAGERS);
      };
      await startEtcd();
      etcdInfo = { version: etcdVersion(bin.etcd), leaderKnown: true };
      etcdTarget = (): Target => {
        const e = etcd!;
        const el = e.leaderIndex();
        if (el < 0) {
          etcdInfo!.leaderKnown = false;
          notes.push('etcd leader unknown (no etcdctl): etcd load went to its first member');
        }
        const lead = Math.max(0, el);
        return {
          system: 'etcd',
          addresses: [e.members[lead]!.address],
          servers: e.members.map((m, i) => ({ name: m.name, pid: m.proc.pid!, leader: i === lead })),
        };
      };
    } catch (e) {
      etcdError = (e as Error).message;
      say(`--vs-etcd: ${etcdError}`);
    }
  }

  const report = (r: RunResult) =>
    say(`  ${fmtInt(r.putsPerSec)} puts/s, p50 ${fmtMs(r.p50Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms${r.errors ? `, ${r.errors} errors (${r.firstError})` : ''}`);
  const roundTag = (round: number) => (ROUNDS > 1 ? ` (round ${round}/${ROUNDS})` : '');
  if (args.profile) for (const s of t0.servers) process.kill(s.pid, 'SIGUSR2'); // start profiling (cpu-profile.cjs)
  let batonRuns = 0;
  let etcdRuns = 0;
  const batonPids = () => cluster!.managers.map((m) => m.proc?.pid).filter((p): p is number => p !== undefined);
  const etcdPids = () => (etcd as EtcdCluster | null)?.members.map((m) => m.proc.pid).filter((p): p is number => p !== undefined) ?? [];
  /** After a resume: until the system names a leader again (bounded). */
  const waitLeader = async (what: string, leader: () => Promise<number> | number) => {
    for (let i = 0; i < 100; i++) {
      if ((await leader()) >= 0) return;
      await sleep(100);
    }
    notes.push(`${what}: no leader known 10 s after it was resumed`);
  };
  const warmupRun = async (system: string, go: (mode: Mode) => Promise<RunResult>, modes: Mode[]) => {
    if (WARMUP_RUN <= 0 || FRESH) return;
    say(`${system}: ${WARMUP_RUN} s of unmeasured load at ${Math.max(...CLIENTS)} clients (warm-up) ...`);
    for (const m of modes) await go(m);
  };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of CLIENTS) {
      if (round === 1 && c === CLIENTS[0]) {
        pause(etcdPids());
        resume(batonPids());
        await warmupRun('baton', (m) => batonTarget().then((t) => run(t, m, Math.max(...CLIENTS), WARMUP_RUN / MODES.length)), MODES);
      }
      for (const mode of MODES) {
        say(`baton ${mode}, ${c} clients, ${SECONDS} s${roundTag(round)} ...`);
        const r = await runClean(async () => {
          const wasPaused = paused.size > 0;
          pause(etcdPids());
          resume(batonPids());
          if (FRESH && batonRuns++ > 0) await startCluster();
          else if (wasPaused) await waitLeader('baton', () => cluster!.leaderIndex());
          const target = await batonTarget();
          const r = await run(target, mode, c);
          const after = await cluster!.leaderIndex();
          if (target.servers[after]?.leader !== true) notes.push(`leadership moved during baton ${mode} with ${c} clients`);
          return r;
        });
        results.push({ ...r, round });
        report(r);
      }
      if (etcdTarget && etcdError === null) {
        if (round === 1 && c === CLIENTS[0]) {
          resume(etcdPids());
          pause(batonPids());
          await warmupRun('etcd', () => run(etcdTarget!(), 'unary', Math.max(...CLIENTS), WARMUP_RUN), ['unary']);
        }
        say(`etcd unary, ${c} clients, ${SECONDS} s${roundTag(round)} ...`);
        try {
          const r = await runClean(async () => {
            resume(etcdPids());
            if (FRESH && etcdRuns++ > 0) await startEtcd!();
            pause(batonPids());
            if (etcdInfo?.leaderKnown) await waitLeader('etcd', () => etcd!.leaderIndex());
            return run(etcdTarget!(), 'unary', c);
          });
          results.push({ ...r, round });
          report(r);
        } catch (e) {
          etcdError = (e as Error).message;
          say(`--vs-etcd: ${etcdError}`);
        }
      }
    }
  }

  resume();
  await (etcd as EtcdCluster | null)?.close();
  etcd = null;
  if (args.profile) {
    say('stopping the managers with SIGTERM (profiles are written on exit) ...');
    for (let i = 0; i < cluster!.managers.length; i++) await cluster!.kill(i, 'SIGTERM');
  }
  await cluster!.close();
  cluster = null;
} catch (e) {
  say(`bench:raft failed: ${(e as Error).stack ?? e}`);
  await cleanup();
  process.exit(1);
}
await cleanup();
clearTimeout(watchdog);

// ------------------------------------------------------------------ report

const ratios = ratiosOf(results, CLIENTS, ROUNDS);

const config: Config = {
  managers: MANAGERS,
  clients: CLIENTS,
  modes: MODES,
  seconds: SECONDS,
  warmupSeconds: WARMUP,
  valueBytes: VALUE_BYTES,
  keySpace: KEY_SPACE,
  workers: WORKERS,
  sessionsPerWorker: SESSIONS_PER_WORKER,
  target: TARGET,
  quietWaitSeconds: QUIET_WAIT_MS / 1000,
  busyLimitPct: BUSY_LIMIT,
  busyRetries: BUSY_RETRIES,
  fresh: FRESH,
  rounds: ROUNDS,
  warmupRunSeconds: FRESH ? 0 : WARMUP_RUN,
};
const doc: Doc = { date: new Date().toISOString(), machine, config, fsync, fsyncTogether, etcd: etcdInfo, etcdError, results, ratios, notes };
console.log(JSON_OUT ? JSON.stringify(doc, null, 2) : textReport(doc));
process.exit(0);
