// The chaos runner: a real manager cluster, a concurrent key/value workload recorded as a history
// (history.ts), one fault per round, and checkers: linearizability (linearizability.ts), no
// acknowledged write lost, at most one leader per term. See docs/chaos.md.
//
//   npx tsx deploy/chaos/runner.ts --managers 3|5 --scenario NAME|all --rounds R --seed S --report FILE
//                                  [--duration-ms D] [--workers 0] [--no-netns] | --cleanup
//
// Two modes:
//  - network namespaces (root, `ip netns`, iptables; the default when available): every manager is
//    a host of its own (netns.ts, netns_cluster.ts) and partitions are iptables rules in the hosts'
//    namespaces. The machine's own network namespace has no route to the hosts and is never
//    changed, so this process (the "outer" runner) builds the namespaces, then starts itself again
//    inside the run's client namespace (`ip netns exec <prefix>-cl node runner.ts ...`, the layout in
//    BATON_CHAOS_LAYOUT); that "inner" runner does the rounds (workload, faults, checkers) and
//    starts the managers with `ip netns exec <prefix>-h<i>`. The outer one waits for it, passes
//    SIGINT/SIGTERM on, and deletes the namespaces in every case (finally, signals, exit).
//  - processes on 127.0.0.1 (deploy/local/cluster.ts): without root, or with --no-netns; the
//    network scenarios are skipped, and the reason is printed.
//
// Exit status: 0 no violation; 1 a violation or a failure (no convergence, an error); 2 bad usage;
// 3 no violation but some linearizability search was inconclusive.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import * as grpc from '@grpc/grpc-js';
import { BatonClient, BatonClientError } from '../../src/client/client.js';
import { LocalCluster } from '../local/cluster.js';
import { type History, HistoryRecorder, type Operation, describeOp, saveHistory } from './history.js';
import { type LeaderCheck, checkLeaderLogs } from './leaders.js';
import { checkHistory } from './linearizability.js';
import { type NetLayout, NetnsHosts, type PartitionKind, cleanupStale, netnsSupport, planPartition } from './netns.js';
import { type ChaosCluster, NetnsCluster } from './netns_cluster.js';

/** Faults done to processes: run in both modes. */
export const PROCESS_SCENARIOS = ['kill-leader', 'kill-random', 'pause-leader', 'kill-all', 'membership', 'transfer'] as const;
/** Faults on links: need the network namespaces. */
export const NETWORK_SCENARIOS = ['isolate-leader', 'split-minority', 'split-majority', 'one-way'] as const;
export const SCENARIOS = [...PROCESS_SCENARIOS, ...NETWORK_SCENARIOS] as const;
export type Scenario = (typeof SCENARIOS)[number];
export type NetworkScenario = (typeof NETWORK_SCENARIOS)[number];
export const MODE_NOTE = 'processes on 127.0.0.1, no network namespaces: network partitions are not tested';
export const skipReason = (why: string) => `skipped: needs network namespaces (${why})`;
export const netnsModeNote = (l: NetLayout) =>
  `network namespaces: each manager on its own host (${l.prefix}-h<i>, ${l.subnet}.0/24, manager m<i> on host h<i>, bridge in ${l.prefix}-sw); workload and checkers on ${l.prefix}-cl (${l.client.addr})`;
/** The layout handed by the outer runner to the inner one (JSON). */
export const LAYOUT_ENV = 'BATON_CHAOS_LAYOUT';
export const WORKERS_MESSAGE = 'workers are not implemented in the chaos runner yet: --workers must be 0';

export interface RunOptions {
  managers: number;
  scenarios: string[];
  rounds: number;
  seed: number;
  /** Minimum workload length per round. */
  durationMs: number;
  /** The JSON report; histories and kept logs go next to it on a violation. */
  report: string;
  clients?: number;
  keys?: number;
  /** Bound for reconvergence after the heal. */
  convergeTimeoutMs?: number;
  /** Per-key bound of the linearizability search. */
  checkTimeoutMs?: number;
  log?: (line: string) => void;
  /** The hosts (network namespace mode; this process runs in their client namespace). Absent: 127.0.0.1. */
  net?: NetnsHosts | null;
  /** Why the network scenarios are skipped without `net` (default: "not requested"). */
  noNetReason?: string;
}

export interface RoundReport {
  scenario: string;
  round: number;
  seed: number;
  managers: number;
  fault: string;
  /** ms from round start. */
  injectedMs: number | null;
  healedMs: number | null;
  /** ms from injection until a leader at a higher term was seen (leader faults only). */
  newLeaderMs: number | null;
  /** ms from the heal until a leader, all members reachable and a write succeeded. */
  reconvergeMs: number | null;
  /** Longest gap without a successful write (write or succeeded CAS) during the workload. */
  writeUnavailableMs: number;
  workloadMs: number;
  ops: { total: number; ok: number; fail: number; unknown: number };
  linearizability: { verdict: 'ok' | 'violation' | 'unknown'; elapsedMs: number; problems: string[] };
  noLostWrites: { ok: boolean; finalValues: Record<string, { value: string | null; version: number } | 'read failed'>; problems: string[] };
  leaderPerTerm: { ok: boolean; terms: number; claims: number; conflicts: LeaderCheck['conflicts'] };
  converged: boolean;
  error?: string;
  /** Safety violation (linearizability, lost write, two leaders in a term). */
  violation: boolean;
  /** Something else went wrong (no convergence, an error). */
  failed: boolean;
  inconclusive: boolean;
  kept?: { clusterDir: string; history: string };
}

export interface RunReport {
  mode: string;
  /** The run's namespaces (network namespace mode), else null. */
  network: { prefix: string; subnet: string; client: string; hosts: string[] } | null;
  startedAt: string;
  options: { managers: number; scenarios: string[]; rounds: number; seed: number; durationMs: number; clients: number; keys: number };
  rounds: RoundReport[];
  skipped: { scenario: string; reason: string }[];
  violation: boolean;
  failed: boolean;
  inconclusive: boolean;
}

// ------------------------------------------------------------------ small helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** mulberry32, seeded from a string. */
export class Rng {
  private s: number;
  constructor(seed: string) {
    let h = 2166136261;
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
    this.s = h >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

/** Processes this runner SIGSTOPped and has not continued yet (continued on any exit path). */
const paused = new Set<number>();
let activeCluster: ChaosCluster | null = null;
/** The hosts while a partition may be in place (healed on any exit path). */
let activeNet: NetnsHosts | null = null;

function continuePaused(): void {
  for (const pid of paused) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      /* gone */
    }
  }
  paused.clear();
}

async function withClient<T>(cluster: ChaosCluster, timeoutMs: number, fn: (c: BatonClient) => Promise<T>): Promise<T> {
  const c = cluster.client(timeoutMs);
  try {
    return await fn(c);
  } finally {
    c.close();
  }
}

/** The leader (index in cluster.managers, raft id) and term, asking the cluster; retries for up to timeoutMs. */
async function currentLeader(cluster: ChaosCluster, timeoutMs = 15_000): Promise<{ index: number; id: number; term: number }> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 500 && Date.now() < end; i++) {
    const r = await withClient(cluster, 2_000, (c) => c.listManagers()).catch(() => null);
    if (r && r.leader !== 0) {
      const index = cluster.managers.findIndex((m) => m.id === r.leader && m.proc !== null);
      if (index >= 0) return { index, id: r.leader, term: r.term };
    }
    await sleep(100);
  }
  throw new Error(`no leader within ${timeoutMs} ms`);
}

/** Polls every live manager's own Raft status; remembers when each (leader, term) was first seen. */
class LeaderMonitor {
  readonly samples: { t: number; leader: number; term: number }[] = [];
  private stopped = false;
  private done: Promise<void> = Promise.resolve();
  private readonly client: BatonClient;

  constructor(
    private readonly cluster: ChaosCluster,
    private readonly now: () => number,
  ) {
    this.client = cluster.client(1_000);
  }

  start(): void {
    this.done = (async () => {
      for (let i = 0; i < 100_000 && !this.stopped; i++) {
        const live = this.cluster.managers.filter((m) => m.proc !== null && !paused.has(m.proc.pid!));
        const st = await Promise.all(live.map((m) => this.client.nodeStatus(m.address, 300).catch(() => null)));
        const t = this.now();
        for (const s of st) if (s && s.role === 'leader') this.samples.push({ t, leader: s.member?.id ?? s.leader, term: s.term });
        await sleep(50);
      }
    })();
  }

  /** First time after `after` a leader at a term above `term` was seen. */
  firstLeaderAbove(term: number, after: number): number | null {
    const s = this.samples.find((x) => x.t >= after && x.term > term);
    return s ? s.t : null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
    this.client.close();
  }
}

/** Waits for a leader, every member reachable and a voter, and a successful write. Returns when, or null. */
async function waitConverged(cluster: ChaosCluster, now: () => number, timeoutMs: number): Promise<number | null> {
  const end = Date.now() + timeoutMs;
  const expected = cluster.managers.filter((m) => m.proc !== null).length;
  for (let i = 0; i < 1000 && Date.now() < end; i++) {
    const ok = await withClient(cluster, 2_000, async (c) => {
      const r = await c.listManagers();
      if (r.leader === 0 || r.managers.length !== expected) return false;
      if (!r.managers.every((m) => m.reachable && m.role === 'MANAGER_VOTER')) return false;
      await c.put('chaos/probe', `probe-${Date.now()}`);
      return true;
    }).catch(() => false);
    if (ok) return now();
    await sleep(200);
  }
  return null;
}

// ------------------------------------------------------------------ workload

interface Workload {
  stop(): Promise<void>;
}

function isFailedForSure(e: unknown): boolean {
  return e instanceof BatonClientError && (e.code === grpc.status.INVALID_ARGUMENT || e.code === grpc.status.PERMISSION_DENIED || e.code === grpc.status.UNAUTHENTICATED);
}

function startWorkload(cluster: ChaosCluster, rec: HistoryRecorder, keys: string[], clients: number, rng: Rng): Workload {
  let stopping = false;
  const workers: Promise<void>[] = [];
  for (let w = 0; w < clients; w++) {
    const r = new Rng(`${rng.next()}`);
    const c = cluster.client(3_000);
    workers.push(
      (async () => {
        const last = new Map<string, string | null>();
        let n = 0;
        try {
          for (let i = 0; i < 1_000_000 && !stopping; i++) {
            const key = r.pick(keys);
            const p = r.next();
            if (p < 0.4) {
              const h = rec.read(w, key);
              try {
                const g = await c.get(key);
                const value = g.kv ? g.kv.value.toString('utf8') : null;
                h.ok(value, g.kv ? g.kv.version : 0);
                last.set(key, value);
              } catch {
                h.fail(); // a read has no effect
              }
            } else if (p < 0.7) {
              const v = `c${w}-${n++}`;
              const h = rec.write(w, key, v);
              try {
                await c.put(key, v);
                h.ok();
                last.set(key, v);
              } catch (e) {
                if (isFailedForSure(e)) h.fail();
                else h.unknown();
              }
            } else {
              const v = `c${w}-${n++}`;
              const prev = last.get(key) ?? null;
              const h = prev === null ? rec.casVersion(w, key, 0, v) : rec.cas(w, key, prev, v);
              try {
                const res = await c.compareAndSwap(key, prev === null ? { version: 0 } : { value: prev }, v);
                h.ok(res.succeeded);
                if (res.succeeded) last.set(key, v);
                else last.set(key, res.prev ? res.prev.value.toString('utf8') : null);
              } catch (e) {
                if (isFailedForSure(e)) h.fail();
                else h.unknown();
              }
            }
            await sleep(5 + r.int(20));
          }
        } finally {
          c.close();
        }
      })(),
    );
  }
  return {
    async stop() {
      stopping = true;
      await Promise.all(workers);
    },
  };
}

// ------------------------------------------------------------------ faults

interface FaultOutcome {
  fault: string;
  injectedMs: number;
  healedMs: number;
  /** The term before the fault, for leader faults (time to a new leader is measured from it). */
  leaderTermBefore: number | null;
}

/** The hosts of the cluster's managers (network namespace mode). */
interface NetCtx {
  hosts: NetnsHosts;
  hostOf(managerIndex: number): number;
}

type FaultFn = (cluster: ChaosCluster, rng: Rng, now: () => number, net: NetCtx | null) => Promise<FaultOutcome>;

const KILL_HOLD_MS = 2_000;
/** Longer than the default election timeout (10 ticks × 50 ms, elections after 500..1000 ms). */
const PAUSE_HOLD_MS = 3_000;
/** How long a partition lasts: longer than the election timeout too. */
const PARTITION_HOLD_MS = 3_000;

function shuffled<T>(rng: Rng, xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** A partition of the managers' hosts (planPartition), held PARTITION_HOLD_MS, then healed. */
function partitionFault(kind: PartitionKind): FaultFn {
  return async (cluster, rng, now, net) => {
    if (!net) throw new Error(`${kind} needs network namespaces`);
    const l = await currentLeader(cluster);
    const members = cluster.managers.filter((m) => m.proc !== null).map((m) => net.hostOf(m.index));
    const plan = planPartition(kind, members, net.hostOf(l.index), (xs) => shuffled(rng, xs));
    const injectedMs = now();
    activeNet = net.hosts;
    await net.hosts.partition(plan.links);
    await sleep(PARTITION_HOLD_MS);
    await net.hosts.heal();
    activeNet = null;
    return {
      fault: `${kind}: ${plan.describe}; leader m${l.index} (id ${l.id}, term ${l.term}); ${plan.links.length} blocked directions for ${PARTITION_HOLD_MS} ms, then healed`,
      injectedMs,
      healedMs: now(),
      // With the leader in the majority no new leader is expected.
      leaderTermBefore: kind === 'split-majority' ? null : l.term,
    };
  };
}

const FAULTS: Record<Scenario, FaultFn> = {
  async 'kill-leader'(cluster, _rng, now) {
    const l = await currentLeader(cluster);
    const injectedMs = now();
    await cluster.kill(l.index, 'SIGKILL');
    await sleep(KILL_HOLD_MS);
    await cluster.restart(l.index);
    return { fault: `SIGKILL leader m${l.index} (id ${l.id}, term ${l.term}), restart after ${KILL_HOLD_MS} ms`, injectedMs, healedMs: now(), leaderTermBefore: l.term };
  },
  async 'kill-random'(cluster, rng, now) {
    const l = await currentLeader(cluster);
    const live = cluster.managers.filter((m) => m.proc !== null);
    const m = rng.pick(live);
    const injectedMs = now();
    await cluster.kill(m.index, 'SIGKILL');
    await sleep(KILL_HOLD_MS);
    await cluster.restart(m.index);
    const wasLeader = m.id === l.id;
    return { fault: `SIGKILL m${m.index} (id ${m.id}${wasLeader ? ', the leader' : ''}), restart after ${KILL_HOLD_MS} ms`, injectedMs, healedMs: now(), leaderTermBefore: wasLeader ? l.term : null };
  },
  async 'pause-leader'(cluster, _rng, now) {
    const l = await currentLeader(cluster);
    const pid = cluster.managers[l.index]!.proc!.pid!;
    const injectedMs = now();
    paused.add(pid);
    process.kill(pid, 'SIGSTOP');
    await sleep(PAUSE_HOLD_MS);
    process.kill(pid, 'SIGCONT');
    paused.delete(pid);
    return { fault: `SIGSTOP leader m${l.index} (id ${l.id}, term ${l.term}) for ${PAUSE_HOLD_MS} ms, then SIGCONT`, injectedMs, healedMs: now(), leaderTermBefore: l.term };
  },
  async 'kill-all'(cluster, _rng, now) {
    const l = await currentLeader(cluster);
    const live = cluster.managers.filter((m) => m.proc !== null).map((m) => m.index);
    const injectedMs = now();
    await Promise.all(live.map((i) => cluster.kill(i, 'SIGKILL')));
    await sleep(1_000);
    await Promise.all(live.map((i) => cluster.restart(i)));
    return { fault: `SIGKILL all ${live.length} managers, restart all after 1000 ms`, injectedMs, healedMs: now(), leaderTermBefore: l.term };
  },
  async membership(cluster, rng, now) {
    const before = cluster.managers.filter((m) => m.proc !== null).length;
    const injectedMs = now();
    const added = await cluster.join();
    await cluster.waitForVoters(before + 1, 20_000);
    const l = await currentLeader(cluster);
    const candidates = cluster.managers.filter((m) => m.proc !== null && m.id !== l.id && m.index !== added.index);
    const victim = rng.pick(candidates);
    await withClient(cluster, 10_000, (c) => c.removeManager(victim.id));
    // A removed manager stops by itself; make sure.
    for (let i = 0; i < 50 && victim.proc !== null; i++) await sleep(100);
    await cluster.kill(victim.index, 'SIGKILL');
    return {
      fault: `join m${added.index} (id ${added.id}) under load, then remove m${victim.index} (id ${victim.id}, not the leader)`,
      injectedMs,
      healedMs: now(),
      leaderTermBefore: null,
    };
  },
  async transfer(cluster, _rng, now) {
    const l = await currentLeader(cluster);
    const injectedMs = now();
    const r = await withClient(cluster, 10_000, (c) => c.transferLeadership(0));
    return { fault: `transfer leadership from id ${l.id} (term ${l.term}) to id ${r.leader}`, injectedMs, healedMs: now(), leaderTermBefore: l.term };
  },
  'isolate-leader': partitionFault('isolate-leader'),
  'split-minority': partitionFault('split-minority'),
  'split-majority': partitionFault('split-majority'),
  'one-way': partitionFault('one-way'),
};

// ------------------------------------------------------------------ checkers

/** Longest gap without a completed successful write in [0, end]. */
export function writeUnavailability(ops: readonly Operation[], end: number): number {
  const times = ops
    .filter((o) => o.outcome === 'ok' && (o.kind === 'write' || (o.kind === 'cas' && o.output === true)))
    .map((o) => o.completeMs!)
    .sort((a, b) => a - b);
  let prev = 0;
  let gap = 0;
  for (const t of [...times, end]) {
    gap = Math.max(gap, t - prev);
    prev = Math.max(prev, t);
  }
  return gap;
}

/**
 * No acknowledged write lost: per key, the final value was written by some write that may have
 * taken effect, and the final version (the number of writes since the key was created; the
 * workload never deletes) lies between the acknowledged writes and the possible ones.
 */
export function checkFinalState(ops: readonly Operation[], finals: Map<string, { value: string | null; version: number } | null>): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  for (const [key, fin] of finals) {
    const mine = ops.filter((o) => o.key === key && o.client !== 'final');
    const acked = mine.filter((o) => o.outcome === 'ok' && (o.kind === 'write' || (o.kind === 'cas' && o.output === true)));
    const maybe = mine.filter((o) => o.outcome === 'unknown' && (o.kind === 'write' || o.kind === 'cas'));
    if (fin === null) {
      problems.push(`${key}: the final read failed after convergence`);
      continue;
    }
    const written = new Set<string>();
    for (const o of [...acked, ...maybe]) {
      if (o.kind === 'write') written.add(o.input);
      else if (o.kind === 'cas' && o.input.value !== null) written.add(o.input.value);
    }
    if (fin.value === null) {
      if (acked.length > 0) problems.push(`${key}: absent at the end, but ${acked.length} writes were acknowledged (e.g. ${describeOp(acked[acked.length - 1]!)})`);
    } else if (!written.has(fin.value)) {
      problems.push(`${key}: final value ${JSON.stringify(fin.value)} was never written`);
    }
    if (fin.version < acked.length) problems.push(`${key}: final version ${fin.version} < ${acked.length} acknowledged writes: some acknowledged write was lost`);
    if (fin.version > acked.length + maybe.length) problems.push(`${key}: final version ${fin.version} > ${acked.length} acknowledged + ${maybe.length} unknown writes`);
  }
  return { ok: problems.length === 0, problems };
}

// ------------------------------------------------------------------ one round

type RoundOptions = Required<Omit<RunOptions, 'log' | 'net' | 'noNetReason'>> & { log: (l: string) => void; net: NetnsHosts | null };

async function runRound(scenario: Scenario, round: number, opts: RoundOptions): Promise<RoundReport> {
  const rng = new Rng(`${opts.seed}:${scenario}:${round}`);
  const dir = mkdtempSync(path.join(tmpdir(), `baton-chaos-${scenario}-`));
  const keys = Array.from({ length: opts.keys }, (_, i) => `chaos/k${i}`);
  const rep: RoundReport = {
    scenario,
    round,
    seed: opts.seed,
    managers: opts.managers,
    fault: '',
    injectedMs: null,
    healedMs: null,
    newLeaderMs: null,
    reconvergeMs: null,
    writeUnavailableMs: 0,
    workloadMs: 0,
    ops: { total: 0, ok: 0, fail: 0, unknown: 0 },
    linearizability: { verdict: 'unknown', elapsedMs: 0, problems: [] },
    noLostWrites: { ok: false, finalValues: {}, problems: [] },
    leaderPerTerm: { ok: false, terms: 0, claims: 0, conflicts: [] },
    converged: false,
    violation: false,
    failed: false,
    inconclusive: false,
  };
  let cluster: ChaosCluster | null = null;
  let history: History | null = null;
  let net: NetCtx | null = null;
  try {
    if (opts.net) {
      const nc = await NetnsCluster.start(opts.net, { managers: opts.managers, dir });
      cluster = nc;
      const hosts = opts.net;
      net = { hosts, hostOf: (i) => nc.managers[i]!.host };
    } else {
      cluster = await LocalCluster.start({ managers: opts.managers, dir });
    }
    activeCluster = cluster;
    const t0 = performance.now();
    const now = () => performance.now() - t0;
    const rec = new HistoryRecorder({ now, meta: { scenario, round, seed: opts.seed, managers: opts.managers } });
    const monitor = new LeaderMonitor(cluster, now);
    monitor.start();
    const workload = startWorkload(cluster, rec, keys, opts.clients, rng);
    let convergedAt: number | null = null;
    try {
      await sleep(opts.durationMs * (0.2 + 0.1 * rng.next()));
      const f = await FAULTS[scenario](cluster, rng, now, net);
      rep.fault = f.fault;
      rep.injectedMs = Math.round(f.injectedMs);
      rep.healedMs = Math.round(f.healedMs);
      convergedAt = await waitConverged(cluster, now, opts.convergeTimeoutMs);
      rep.converged = convergedAt !== null;
      if (convergedAt !== null) rep.reconvergeMs = Math.round(convergedAt - f.healedMs);
      await sleep(Math.max(opts.durationMs - now(), convergedAt !== null ? 1_000 : 0));
      if (f.leaderTermBefore !== null) {
        const t = monitor.firstLeaderAbove(f.leaderTermBefore, f.injectedMs);
        rep.newLeaderMs = t === null ? null : Math.round(t - f.injectedMs);
      }
    } finally {
      await workload.stop();
      await monitor.stop();
    }
    rep.workloadMs = Math.round(now());

    // Final reads of every key, recorded as reads of client 'final'.
    const finals = new Map<string, { value: string | null; version: number } | null>();
    await withClient(cluster, 5_000, async (c) => {
      for (const key of keys) {
        let fin: { value: string | null; version: number } | null = null;
        for (let attempt = 0; attempt < 5 && fin === null; attempt++) {
          const h = rec.read('final', key);
          try {
            const g = await c.get(key);
            fin = { value: g.kv ? g.kv.value.toString('utf8') : null, version: g.kv ? g.kv.version : 0 };
            h.ok(fin.value, fin.version);
          } catch {
            h.fail();
            await sleep(500);
          }
        }
        finals.set(key, fin);
        rep.noLostWrites.finalValues[key] = fin ?? 'read failed';
      }
    });

    history = rec.history();
    const ops = history.ops;
    rep.ops = { total: ops.length, ok: ops.filter((o) => o.outcome === 'ok').length, fail: ops.filter((o) => o.outcome === 'fail').length, unknown: ops.filter((o) => o.outcome === 'unknown').length };
    rep.writeUnavailableMs = Math.round(writeUnavailability(ops.filter((o) => o.client !== 'final'), rep.workloadMs));

    const lin = checkHistory(history, { trusted: true, timeoutMs: opts.checkTimeoutMs });
    rep.linearizability = {
      verdict: lin.verdict,
      elapsedMs: Math.round(lin.elapsedMs),
      problems: lin.keys.filter((k) => k.verdict !== 'ok').map((k) => `${k.key}: ${k.verdict === 'violation' ? k.violation!.message : `inconclusive: ${k.reason}`}`),
    };
    const fin = checkFinalState(ops, finals);
    rep.noLostWrites.ok = fin.ok;
    rep.noLostWrites.problems = fin.problems;
    const lc = checkLeaderLogs(cluster.managers.map((m) => m.logFile));
    rep.leaderPerTerm = { ok: lc.ok, terms: lc.terms, claims: lc.claims, conflicts: lc.conflicts };
  } catch (e) {
    rep.error = (e as Error).stack ?? String(e);
    if (cluster) {
      try {
        const lc = checkLeaderLogs(cluster.managers.map((m) => m.logFile));
        rep.leaderPerTerm = { ok: lc.ok, terms: lc.terms, claims: lc.claims, conflicts: lc.conflicts };
      } catch {
        /* best effort */
      }
    }
  } finally {
    continuePaused();
    if (opts.net) await opts.net.heal().catch((e: Error) => opts.log(`  could not heal the partition: ${e.message}`));
    activeNet = null;
    if (cluster) await cluster.close();
    activeCluster = null;
  }
  rep.violation = rep.linearizability.verdict === 'violation' || (!rep.noLostWrites.ok && rep.error === undefined) || rep.leaderPerTerm.conflicts.length > 0;
  rep.failed = rep.error !== undefined || !rep.converged;
  rep.inconclusive = rep.linearizability.verdict === 'unknown' && rep.error === undefined;
  if (rep.violation || rep.failed) {
    const base = opts.report.replace(/\.json$/i, '');
    const histPath = `${base}.${scenario}.r${round}.history.json`;
    if (history) saveHistory(histPath, history);
    rep.kept = { clusterDir: dir, history: history ? histPath : '(none recorded)' };
    opts.log(`  ${scenario} round ${round}: ${rep.violation ? 'VIOLATION' : 'FAILED'}; cluster directory (logs) kept at ${dir}${history ? `, history at ${histPath}` : ''}`);
  } else {
    rmSync(dir, { recursive: true, force: true });
  }
  return rep;
}

// ------------------------------------------------------------------ the run

export async function runChaos(o: RunOptions): Promise<RunReport> {
  const log = o.log ?? ((l: string) => console.log(l));
  const opts = {
    clients: 8,
    keys: 5,
    convergeTimeoutMs: 30_000,
    checkTimeoutMs: 30_000,
    ...o,
    log,
  };
  const net = o.net ?? null;
  const report: RunReport = {
    mode: net ? netnsModeNote(net.layout) : MODE_NOTE,
    network: net ? { prefix: net.layout.prefix, subnet: `${net.layout.subnet}.0/24`, client: net.layout.client.addr, hosts: net.layout.hosts.map((h) => `${h.name}=${h.addr}`) } : null,
    startedAt: new Date().toISOString(),
    options: { managers: opts.managers, scenarios: opts.scenarios, rounds: opts.rounds, seed: opts.seed, durationMs: opts.durationMs, clients: opts.clients, keys: opts.keys },
    rounds: [],
    skipped: [],
    violation: false,
    failed: false,
    inconclusive: false,
  };
  for (const s of opts.scenarios) {
    if (!net && (NETWORK_SCENARIOS as readonly string[]).includes(s)) {
      report.skipped.push({ scenario: s, reason: skipReason(o.noNetReason ?? 'not requested') });
      continue;
    }
    for (let r = 1; r <= opts.rounds; r++) {
      log(`${s} round ${r}/${opts.rounds} ...`);
      const rep = await runRound(s as Scenario, r, { ...opts, net });
      report.rounds.push(rep);
      log(`  ${rep.fault || '(no fault injected)'}: ${verdictOf(rep)}${rep.error ? ` (${rep.error.split('\n')[0]})` : ''}`);
    }
  }
  report.violation = report.rounds.some((r) => r.violation);
  report.failed = report.rounds.some((r) => r.failed);
  report.inconclusive = report.rounds.some((r) => r.inconclusive);
  mkdirSync(path.dirname(path.resolve(opts.report)), { recursive: true });
  writeFileSync(opts.report, JSON.stringify(report, null, 2) + '\n');
  return report;
}

function verdictOf(r: RoundReport): string {
  return r.violation ? 'VIOLATION' : r.failed ? 'FAILED' : r.inconclusive ? 'INCONCLUSIVE' : 'ok';
}

const ms = (x: number | null): string => (x === null ? '-' : String(x));

export interface ScenarioSummary {
  scenario: string;
  rounds: number;
  /** Rounds without violation, failure or inconclusive check. */
  ok: number;
  violations: number;
  failed: number;
  /** Medians and maxima over the rounds (ms); null when no round had the figure. */
  writeGap: { median: number | null; max: number | null };
  newLeader: { median: number | null; max: number | null };
  reconverge: { median: number | null; max: number | null };
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : Math.round((s[m - 1]! + s[m]!) / 2);
}

/** Per scenario, in the order first run: counts and the medians/maxima of the availability figures. */
export function scenarioSummaries(report: Pick<RunReport, 'rounds'>): ScenarioSummary[] {
  const by = new Map<string, RoundReport[]>();
  for (const r of report.rounds) by.set(r.scenario, [...(by.get(r.scenario) ?? []), r]);
  const stat = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return { median: median(v), max: v.length ? Math.max(...v) : null };
  };
  return [...by].map(([scenario, rs]) => ({
    scenario,
    rounds: rs.length,
    ok: rs.filter((r) => !r.violation && !r.failed && !r.inconclusive).length,
    violations: rs.filter((r) => r.violation).length,
    failed: rs.filter((r) => r.failed).length,
    writeGap: stat(rs.map((r) => (r.error ? null : r.writeUnavailableMs))),
    newLeader: stat(rs.map((r) => r.newLeaderMs)),
    reconverge: stat(rs.map((r) => r.reconvergeMs)),
  }));
}

/** The readable summary. */
export function summaryTable(report: RunReport): string[] {
  const head = ['scenario', 'rnd', 'inject', 'heal', 'new leader', 'reconverge', 'write gap', 'ok/fail/unk', 'linearizable', 'no lost write', '1 leader/term', 'result'];
  const rows = report.rounds.map((r) => [
    r.scenario,
    String(r.round),
    ms(r.injectedMs),
    ms(r.healedMs),
    ms(r.newLeaderMs),
    ms(r.reconvergeMs),
    String(r.writeUnavailableMs),
    `${r.ops.ok}/${r.ops.fail}/${r.ops.unknown}`,
    r.linearizability.verdict,
    r.error ? '-' : r.noLostWrites.ok ? 'ok' : 'LOST',
    r.leaderPerTerm.conflicts.length > 0 ? 'TWO LEADERS' : r.leaderPerTerm.ok ? `ok (${r.leaderPerTerm.terms} terms)` : '-',
    verdictOf(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const lines = [`mode: ${report.mode}`, 'times in ms from round start (inject, heal) or from the event (new leader: from inject; reconverge: from heal)', fmt(head), fmt(widths.map((w) => '-'.repeat(w)))];
  for (const row of rows) lines.push(fmt(row));
  for (const r of report.rounds) {
    lines.push(`${r.scenario} round ${r.round}: ${r.fault}`);
    for (const p of r.linearizability.problems) lines.push(`  linearizability: ${p.split('\n')[0]}`);
    for (const p of r.noLostWrites.problems) lines.push(`  lost write: ${p}`);
    for (const c of r.leaderPerTerm.conflicts) lines.push(`  term ${c.term} had leaders ${c.leaders.join(', ')} (${c.claims.map((x) => `${x.source}@${x.where}`).join('; ')})`);
    if (!r.converged && !r.error) lines.push('  did not reconverge within the bound');
    if (r.error) lines.push(`  error: ${r.error.split('\n')[0]}`);
    if (r.kept) lines.push(`  kept: cluster dir ${r.kept.clusterDir}, history ${r.kept.history}`);
  }
  for (const s of report.skipped) lines.push(`${s.scenario}: ${s.reason}`);
  const sums = scenarioSummaries(report);
  if (sums.length > 0) {
    const mm = (x: { median: number | null; max: number | null }) => (x.median === null ? '-' : `${x.median} / ${x.max}`);
    const h2 = ['scenario', 'rounds', 'ok', 'violations', 'failed', 'write gap med/max', 'new leader med/max', 'reconverge med/max'];
    const rows2 = sums.map((x) => [x.scenario, String(x.rounds), String(x.ok), String(x.violations), String(x.failed), mm(x.writeGap), mm(x.newLeader), mm(x.reconverge)]);
    const w2 = h2.map((h, i) => Math.max(h.length, ...rows2.map((row) => row[i]!.length)));
    const fmt2 = (row: string[]) => row.map((c, i) => c.padEnd(w2[i]!)).join('  ').trimEnd();
    lines.push('', 'per scenario (ms):', fmt2(h2), fmt2(w2.map((w) => '-'.repeat(w))), ...rows2.map(fmt2));
  }
  const verdict = report.violation ? 'VIOLATION' : report.failed ? 'FAILED' : report.inconclusive ? 'INCONCLUSIVE (no violation found)' : 'no violation';
  lines.push(`result: ${verdict} (${report.rounds.length} rounds, ${report.skipped.length} scenarios skipped)`);
  return lines;
}

const USAGE =
  'usage: run.sh --managers 3|5 --scenario NAME|all --rounds R --seed S --report FILE [--duration-ms D] [--workers 0] [--no-netns]\n' +
  '       run.sh --cleanup    (remove the namespaces left by a crashed run: btc<5 hex>-{sw,cl,h<i>} whose runner is gone)\n' +
  `scenarios: ${SCENARIOS.join(', ')}, all (comma-separated lists too)`;

interface Parsed {
  managers: number;
  scenarios: string[];
  rounds: number;
  seed: number;
  durationMs: number;
  report: string;
  noNetns: boolean;
}

/** Parses and checks the arguments: the options, a usage error (exit 2), or a command done (help, cleanup). */
export function parseRunArgs(argv: string[]): { ok: Parsed } | { error: string } | { help: true } | { cleanup: true } {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        managers: { type: 'string', default: '3' },
        workers: { type: 'string', default: '0' },
        scenario: { type: 'string', default: 'all' },
        rounds: { type: 'string', default: '1' },
        seed: { type: 'string', default: '1' },
        report: { type: 'string' },
        'duration-ms': { type: 'string', default: '8000' },
        'no-netns': { type: 'boolean', default: false },
        cleanup: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (e) {
    return { error: (e as Error).message };
  }
  if (v.help) return { help: true };
  if (v.cleanup) return { cleanup: true };
  const managers = Number(v.managers);
  const workers = Number(v.workers);
  const rounds = Number(v.rounds);
  const seed = Number(v.seed);
  const durationMs = Number(v['duration-ms']);
  const bad: string[] = [];
  if (managers !== 3 && managers !== 5) bad.push('--managers must be 3 or 5');
  if (!Number.isSafeInteger(workers) || workers < 0) bad.push('--workers must be an integer >= 0');
  else if (workers !== 0) bad.push(WORKERS_MESSAGE);
  if (!Number.isSafeInteger(rounds) || rounds < 1 || rounds > 1000) bad.push('--rounds must be an integer 1..1000');
  if (!Number.isSafeInteger(seed)) bad.push('--seed must be an integer');
  if (!Number.isFinite(durationMs) || durationMs < 1000 || durationMs > 600_000) bad.push('--duration-ms must be 1000..600000');
  if (!v.report) bad.push('--report FILE is required');
  const all: readonly string[] = SCENARIOS;
  const scenarios = v.scenario === 'all' ? [...all] : v.scenario!.split(',');
  for (const s of scenarios) if (!all.includes(s)) bad.push(`unknown scenario ${JSON.stringify(s)}`);
  if (bad.length > 0) return { error: bad.join('\n') };
  return { ok: { managers, scenarios, rounds, seed, durationMs, report: v.report!, noNetns: v['no-netns']! } };
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseRunArgs(argv);
  if ('help' in parsed) {
    console.log(USAGE);
    return 0;
  }
  if ('cleanup' in parsed) {
    const support = netnsSupport();
    if (!support.ok) {
      console.error(`chaos --cleanup: ${support.reason}`);
      return 2;
    }
    for (const l of cleanupStale()) console.log(`chaos --cleanup: ${l}`);
    return 0;
  }
  if ('error' in parsed) {
    console.error(`${parsed.error}\n${USAGE}`);
    return 2;
  }
  const p = parsed.ok;
  const layoutJson = process.env[LAYOUT_ENV];
  if (layoutJson) return inner(p, JSON.parse(layoutJson) as NetLayout);
  let why = '--no-netns';
  if (!p.noNetns) {
    const support = netnsSupport();
    if (support.ok) return outer(p, argv);
    why = support.reason;
  }
  const skipped = p.scenarios.filter((s) => (NETWORK_SCENARIOS as readonly string[]).includes(s));
  console.log(`chaos: ${MODE_NOTE} (${why})`);
  if (skipped.length > 0) console.log(`chaos: skipping ${skipped.join(', ')}: ${skipReason(why)}`);
  return rounds(p, null, why);
}

/** The rounds in this process (127.0.0.1, or inside the client namespace), the summary, the exit status. */
async function rounds(p: Parsed, net: NetnsHosts | null, noNetReason: string): Promise<number> {
  let stopping = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    continuePaused();
    const n = activeNet;
    const c = activeCluster;
    void (n ? n.heal() : Promise.resolve())
      .catch(() => undefined)
      .then(() => (c ? c.close() : undefined))
      .finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const report = await runChaos({ managers: p.managers, scenarios: p.scenarios, rounds: p.rounds, seed: p.seed, durationMs: p.durationMs, report: p.report, net, noNetReason });
  console.log('');
  for (const l of summaryTable(report)) console.log(l);
  console.log(`report: ${path.resolve(p.report)}`);
  return report.violation || report.failed ? 1 : report.inconclusive ? 3 : 0;
}

/** Inside the client namespace (started by outer()): the rounds, with the hosts of the layout. */
async function inner(p: Parsed, layout: NetLayout): Promise<number> {
  const mine = Object.values(networkInterfaces())
    .flat()
    .some((a) => a?.address === layout.client.addr);
  if (!mine) {
    console.error(`chaos: ${LAYOUT_ENV} is set but this process is not in the client namespace ${layout.client.ns} (no interface has ${layout.client.addr})`);
    return 2;
  }
  console.log(`chaos: ${netnsModeNote(layout)}`);
  // If the outer runner dies without telling us (SIGKILL), stop as on SIGTERM: our managers are
  // stopped; the namespaces are left for `run.sh --cleanup`.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      console.error(`chaos: the outer runner (pid ${parent}) is gone; stopping (run \`deploy/chaos/run.sh --cleanup\` to remove ${layout.prefix}-*)`);
      process.kill(process.pid, 'SIGTERM');
    }
  }, 500).unref();
  return rounds(p, NetnsHosts.attach(layout), '');
}

/**
 * In the machine's namespace: builds the hosts (managers + 1, the spare one for the membership
 * scenario's join), runs this script again inside the client namespace, and deletes every
 * namespace it created when that ends, however it ends.
 */
async function outer(p: Parsed, argv: string[]): Promise<number> {
  const hosts = NetnsHosts.create({ hosts: p.managers + 1, log: (l) => console.log(`chaos: ${l}`) });
  const l = hosts.layout;
  let tornDown = false;
  const teardown = () => {
    if (tornDown) return;
    tornDown = true;
    const problems = hosts.teardown();
    if (problems.length > 0) console.error(`chaos: teardown left namespaces behind (run \`deploy/chaos/run.sh --cleanup\`):\n  ${problems.join('\n  ')}`);
    else console.log(`chaos: removed the namespaces of ${l.prefix}`);
  };
  process.on('exit', teardown);
  let child: ChildProcess | null = null;
  let signalled: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) return;
    signalled = sig;
    if (!child) {
      teardown();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }
    // The inner runner stops its cluster and exits; if it does not within 20 s, it is killed (and
    // whatever is left in the namespaces with it, by teardown).
    try {
      process.kill(child.pid!, sig);
    } catch {
      /* gone */
    }
    setTimeout(() => {
      try {
        process.kill(child!.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 20_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const self = fileURLToPath(import.meta.url);
    child = hosts.spawnIn('client', process.execPath, [...process.execArgv, self, ...argv], { stdio: 'inherit', env: { ...process.env, [LAYOUT_ENV]: JSON.stringify(l) } });
    const c = child;
    const code = await new Promise<number>((resolve) => {
      c.once('error', (e) => {
        console.error(`chaos: could not start the runner in ${l.client.ns}: ${e.message}`);
        resolve(1);
      });
      c.once('exit', (code, sig) => resolve(code ?? (sig === 'SIGINT' ? 130 : sig === 'SIGTERM' ? 143 : 1)));
    });
    return signalled ? (signalled === 'SIGINT' ? 130 : 143) : code;
  } finally {
    teardown();
  }
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      continuePaused();
      console.error(e);
      const n = activeNet;
      void (n ? n.heal() : Promise.resolve())
        .catch(() => undefined)
        .then(() => (activeCluster ? activeCluster.close() : undefined))
        .finally(() => process.exit(1));
    },
  );
}
