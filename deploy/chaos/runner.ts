// The chaos runner: a real manager cluster, a concurrent key/value workload recorded as a history
// (history.ts), one fault per round, and checkers: linearizability (linearizability.ts), no
// acknowledged write lost, at most one leader per term. With --workers N, worker agents too, and a
// replicated service whose tasks are sampled throughout (service.ts): no slot may run twice, and
// the service must reconverge after the heal. See docs/chaos.md.
//
//   npx tsx deploy/chaos/runner.ts --managers 3|5 --scenario NAME|all --rounds R --seed S --report FILE
//                                  [--duration-ms D] [--workers N] [--no-netns] | --cleanup
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
//    Worker agents run on hosts of their own as well (after the managers' hosts and the spare).
//  - processes on 127.0.0.1 (deploy/local/cluster.ts): without root, or with --no-netns; the
//    network scenarios are skipped, and the reason is printed.
//
// Exit status: 0 no violation; 1 a violation or a failure (no convergence, an error); 2 bad usage;
// 3 no violation but some linearizability search was inconclusive.
import type { ChildProcess } from 'node:child_process';
import type { ServiceSpec } from '../../src/gen/baton/v1/ServiceSpec';
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
import { type NetLayout, NetnsHosts, type PartitionKind, cleanupStale, netnsSupport, planPartition, splitLinks } from './netns.js';
import { type ChaosAgent, type ChaosCluster, NetnsCluster } from './netns_cluster.js';
import { killStrays, killTasksOf, taskPidsOf, waitGone } from './procs.js';
import { type Readoption, type SampleCheck, type TaskSample, SERVICE_NAME, TaskSampler, chaosServiceSpec, checkSamples, readoption, stableConvergence } from './service.js';

/** Faults done to processes: run in both modes. */
export const PROCESS_SCENARIOS = ['kill-leader', 'kill-random', 'pause-leader', 'kill-all', 'membership', 'transfer'] as const;
/** Faults on links: need the network namespaces. */
export const NETWORK_SCENARIOS = ['isolate-leader', 'split-minority', 'split-majority', 'one-way', 'lossy-leader'] as const;
/** Faults on worker agents: need --workers >= 1 (both modes). */
export const WORKER_SCENARIOS = ['kill-worker', 'restart-worker', 'isolate-worker', 'update'] as const;
export const SCENARIOS = [...PROCESS_SCENARIOS, ...NETWORK_SCENARIOS, ...WORKER_SCENARIOS] as const;
export type Scenario = (typeof SCENARIOS)[number];
export type NetworkScenario = (typeof NETWORK_SCENARIOS)[number];
/** Scenarios that cut links between hosts: they need network namespaces. */
const NEEDS_NETNS: readonly string[] = [...NETWORK_SCENARIOS, 'isolate-worker'];

/** A composed scenario "a+b" runs its faults at the same time; these are its parts. */
export function scenarioParts(s: string): string[] {
  return s.split('+');
}
const anyPartIn = (s: string, set: readonly string[]) => scenarioParts(s).some((p) => set.includes(p));
export const MODE_NOTE = 'processes on 127.0.0.1, no network namespaces: network partitions are not tested';
export const skipReason = (why: string) => `skipped: needs network namespaces (${why})`;
export const WORKERS_SKIP_REASON = 'skipped: needs worker agents (--workers 1 or more)';
export const netnsModeNote = (l: NetLayout, managers?: number, workers = 0) =>
  `network namespaces: each manager on its own host (${l.prefix}-h<i>, ${l.subnet}.0/24, manager m<i> on host h<i>, bridge in ${l.prefix}-sw)` +
  (workers > 0 && managers !== undefined ? `, worker agent w<i> on host h<${managers + 1}+i>` : '') +
  `; workload and checkers on ${l.prefix}-cl (${l.client.addr})`;
/** The layout handed by the outer runner to the inner one (JSON). */
export const LAYOUT_ENV = 'BATON_CHAOS_LAYOUT';
/** At most this many workers (hosts are numbered up to h98). */
export const MAX_WORKERS = 20;
/** Bound for the service to reconverge after the heal. */
export const SERVICE_CONVERGE_MS = 30_000;

export interface RunOptions {
  managers: number;
  /** Worker agents (default 0); with workers, every round runs a service of 2 × workers replicas. */
  workers?: number;
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
  /** Keep every round's directory (logs, data) and write every history and task-sample file, not only on a violation or failure. */
  keep?: boolean;
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
  kept?: { clusterDir: string; history: string; samples?: string };
  /** The worker checks (with --workers), else null. */
  service: ServiceReport | null;
}

/** The worker checks of a round (service.ts). */
export interface ServiceReport {
  workers: number;
  replicas: number;
  /** Whether the round got as far as the heal (else there is no reconvergence to measure). */
  healed: boolean;
  /** ms from the heal until the service ran `replicas` tasks again, for good (null: not within the bound, or no heal). */
  reconvergeMs: number | null;
  /**
   * kill-worker: ms from the kill until the service ran `replicas` tasks again, none of them one
   * of the dead machine's (the store reports those running until the node is marked down).
   */
  movedMs: number | null;
  converged: boolean;
  /** The sample checks: duplicate slots (violations), unconfirmed clashes, lowest running count, time below replicas. */
  check: Omit<SampleCheck, 'timeline'> & { timeline: [number, number][] };
  /** restart-worker: the agent's tasks before and after its restart. */
  readoption?: Readoption & { checked: boolean; note: string };
  /** Task processes still alive at the end of the round that the handle files did not name (killed by their working directory). */
  strays: number;
  /** update: how the rolling update ended. */
  update?: string;
  /** Failures (no reconvergence, tasks not re-adopted); the violations are check.violations. */
  problems: string[];
}

export interface RunReport {
  mode: string;
  /** The run's namespaces (network namespace mode), else null. */
  network: { prefix: string; subnet: string; client: string; hosts: string[] } | null;
  startedAt: string;
  options: { managers: number; workers: number; scenarios: string[]; rounds: number; seed: number; durationMs: number; clients: number; keys: number };
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
    // Each client starts on a different manager, so reads and writes also go through followers
    // (forwarding, ReadIndex from a follower), not only through the leader.
    const addrs = cluster.managers.map((m) => m.address);
    const k = w % addrs.length;
    const c = new BatonClient({ managers: [...addrs.slice(k), ...addrs.slice(0, k)], timeoutMs: 3_000 });
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
  // One reader pinned to each manager (it never moves to another): a member cut off by a fault is
  // asked for reads through the whole fault, not only until the clients on it move away, so a
  // member that answers reads it may not answer is caught every time (see --unsafe-bug).
  cluster.managers.forEach((m, i) => {
    const w = clients + i;
    const r = new Rng(`${rng.next()}`);
    const c = new BatonClient({ managers: [m.address], timeoutMs: 3_000 });
    workers.push(
      (async () => {
        try {
          for (let n = 0; n < 1_000_000 && !stopping; n++) {
            const key = r.pick(keys);
            const h = rec.read(w, key);
            try {
              const g = await c.get(key);
              h.ok(g.kv ? g.kv.value.toString('utf8') : null, g.kv ? g.kv.version : 0);
            } catch {
              h.fail();
            }
            await sleep(5 + r.int(20));
          }
        } finally {
          c.close();
        }
      })(),
    );
  });
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
  /** restart-worker: the restarted agent's running tasks (ids, pids) just before the kill. */
  readoption?: { hostname: string; before: string[]; pids: Record<string, number> };
  /** kill-worker: the tasks that died with the machine. */
  lost?: { hostname: string; tasks: string[]; mustMove?: boolean };
  /** update: the spec version the rolling update goes to. */
  update?: { specVersion: number };
}

/** The service of a round with workers: its sampler (which reads its tasks and the nodes). */
interface SvcCtx {
  sampler: TaskSampler;
}

/** The hosts of the cluster's managers (network namespace mode). */
interface NetCtx {
  hosts: NetnsHosts;
  hostOf(managerIndex: number): number;
}

type FaultFn = (cluster: ChaosCluster, rng: Rng, now: () => number, net: NetCtx | null, svc: SvcCtx | null) => Promise<FaultOutcome>;

const KILL_HOLD_MS = 2_000;
/** Longer than the default election timeout (10 ticks × 50 ms, elections after 500..1000 ms). */
const PAUSE_HOLD_MS = 3_000;
/** How long a partition lasts: longer than the election timeout too. */
const PARTITION_HOLD_MS = 3_000;
/** lossy-leader: the share of packets dropped on the leader's links, and for how long. */
const LEADER_LOSS = 0.3;
const LOSSY_HOLD_MS = 5_000;
/** kill-worker: the machine stays dead longer than the heartbeat grace (3 s): its node is marked down and its tasks move. */
const WORKER_DEAD_MS = 5_000;
/** restart-worker: the agent is back well within the heartbeat grace (its node stays ready, its tasks must be re-adopted). */
const AGENT_RESTART_AFTER_MS = 100;

/** A node's status (state, since when), asking the cluster; null if it cannot say. */
async function nodeStatus(cluster: ChaosCluster, hostname: string): Promise<{ state: string; sinceMs: number } | null> {
  const r = await withClient(cluster, 2_000, (c) => c.listNodes({ pageSize: 1000 })).catch(() => null);
  const n = r?.nodes.find((x) => x.hostname === hostname);
  return n?.status ? { state: String(n.status.state), sinceMs: Number(n.status.sinceMs) } : null;
}

/**
 * Waits until the agent's node registered again after `sinceMs` (its status is READY since a later
 * time: registering sets it): a restarted agent whose node never went down is READY throughout, so
 * READY alone says nothing.
 */
async function waitRegisteredAfter(cluster: ChaosCluster, a: ChaosAgent, sinceMs: number, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 10_000 && Date.now() < end; i++) {
    if (a.proc === null) throw new Error(`agent ${a.hostname} exited; see ${a.logFile}`);
    const s = await nodeStatus(cluster, a.hostname);
    if (s && s.state === 'NODE_READY' && s.sinceMs > sinceMs) return;
    await sleep(50);
  }
  throw new Error(`agent ${a.hostname} did not register again within ${timeoutMs} ms`);
}

/** A running agent chosen by the seed, among those running tasks of the service if any does; and a sample taken just before. */
async function pickAgent(cluster: ChaosCluster, rng: Rng, svc: SvcCtx | null, scenario: string): Promise<{ a: ChaosAgent; s: TaskSample }> {
  const live = cluster.agents.filter((a) => a.proc !== null);
  if (!svc || live.length === 0) throw new Error(`${scenario} needs worker agents (--workers 1 or more)`);
  const s = await sampleNow(svc);
  const busy = live.filter((a) => (s.runningByNode[a.hostname]?.length ?? 0) > 0);
  return { a: rng.pick(busy.length > 0 ? busy : live), s };
}

/** A successful sample now (retries for a few seconds). */
async function sampleNow(svc: SvcCtx) {
  for (let i = 0; i < 20; i++) {
    const s = await svc.sampler.read();
    if (s.ok) return s;
    await sleep(250);
  }
  throw new Error('could not read the service tasks');
}

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
  async 'kill-worker'(cluster, rng, now, _net, svc) {
    const { a, s } = await pickAgent(cluster, rng, svc, 'kill-worker');
    const lost = s.runningByNode[a.hostname] ?? [];
    const ran = lost.length;
    const reg = await nodeStatus(cluster, a.hostname);
    const injectedMs = now();
    await cluster.killAgent(a.index, 'SIGKILL');
    // The machine died with its agent: its task processes go too (by pid; any that escaped the handle files by their working directory).
    const handled = killTasksOf(a.dataDir);
    await waitGone(handled, 2_000);
    const killed = handled.length + killStrays(a.dataDir).length;
    await sleep(WORKER_DEAD_MS);
    await cluster.restartAgent(a.index);
    await waitRegisteredAfter(cluster, a, reg?.sinceMs ?? 0);
    const healedMs = now();
    const where = a.host !== undefined ? ` (host h${a.host})` : '';
    return {
      fault: `SIGKILL agent ${a.hostname}${where} and its ${killed} task processes (a dead machine; ${ran} running tasks there), restart it after ${WORKER_DEAD_MS} ms (registered again ${Math.round(healedMs - injectedMs - WORKER_DEAD_MS)} ms after the restart)`,
      injectedMs,
      healedMs,
      leaderTermBefore: null,
      lost: { hostname: a.hostname, tasks: lost },
    };
  },
  async 'restart-worker'(cluster, rng, now, _net, svc) {
    const { a, s } = await pickAgent(cluster, rng, svc, 'restart-worker');
    const before = s.runningByNode[a.hostname] ?? [];
    const pids = Object.fromEntries(before.filter((id) => s.pids[id] !== undefined).map((id) => [id, s.pids[id]!]));
    const reg = await nodeStatus(cluster, a.hostname);
    const injectedMs = now();
    await cluster.killAgent(a.index, 'SIGKILL');
    await sleep(AGENT_RESTART_AFTER_MS);
    await cluster.restartAgent(a.index);
    await waitRegisteredAfter(cluster, a, reg?.sinceMs ?? 0);
    const healedMs = now();
    const where = a.host !== undefined ? ` (host h${a.host})` : '';
    return {
      fault: `SIGKILL agent ${a.hostname}${where} only (its ${before.length} tasks keep running), restart it after ${AGENT_RESTART_AFTER_MS} ms; registered again ${Math.round(healedMs - injectedMs)} ms after the kill`,
      injectedMs,
      healedMs,
      leaderTermBefore: null,
      readoption: { hostname: a.hostname, before, pids },
    };
  },
  async 'isolate-worker'(cluster, rng, now, net, svc) {
    // The worker's host loses every manager (both directions) for longer than the heartbeat grace;
    // its agent and tasks go on. Its node must go down and its tasks run elsewhere; once healed,
    // the agent registers again and stops its old copies (they are no longer assigned to it).
    if (!net) throw new Error('isolate-worker needs network namespaces');
    const { a, s } = await pickAgent(cluster, rng, svc, 'isolate-worker');
    const lost = s.runningByNode[a.hostname] ?? [];
    const host = a.host;
    if (host === undefined) throw new Error(`agent ${a.hostname} has no host of its own`);
    const managers = cluster.managers.filter((m) => m.proc !== null).map((m) => net.hostOf(m.index));
    const reg = await nodeStatus(cluster, a.hostname);
    const injectedMs = now();
    activeNet = net.hosts;
    await net.hosts.partition(splitLinks([[host], managers]));
    await sleep(WORKER_DEAD_MS);
    await net.hosts.heal();
    activeNet = null;
    await waitRegisteredAfter(cluster, a, reg?.sinceMs ?? 0);
    const healedMs = now();
    return {
      fault: `isolate agent ${a.hostname} (host h${host}, ${lost.length} running tasks) from the ${managers.length} managers for ${WORKER_DEAD_MS} ms, then healed (registered again ${Math.round(healedMs - injectedMs - WORKER_DEAD_MS)} ms after the heal)`,
      injectedMs,
      healedMs,
      leaderTermBefore: null,
      lost: { hostname: a.hostname, tasks: lost, mustMove: true },
    };
  },
  async update(cluster, _rng, now, _net, svc) {
    // A rolling update of the service (a new command line: every task is replaced, two at a time,
    // stop-first). Composed with a manager fault, the fault hits mid-rollout.
    if (!svc) throw new Error('update needs worker agents (--workers 1 or more)');
    const injectedMs = now();
    const s = await withClient(cluster, 10_000, async (c) => {
      const cur = await c.getService(SERVICE_NAME);
      const next = structuredClone(cur.spec!) as ServiceSpec;
      next.task!.process!.args = [String(3600 + cur.specVersion)];
      return c.updateService(cur.id, cur.meta!.version, next);
    });
    return { fault: `rolling update of ${SERVICE_NAME} to spec version ${s.specVersion} (parallelism 2, stop-first, monitor 500 ms)`, injectedMs, healedMs: now(), leaderTermBefore: null, update: { specVersion: s.specVersion } };
  },
  'isolate-leader': partitionFault('isolate-leader'),
  'split-minority': partitionFault('split-minority'),
  'split-majority': partitionFault('split-majority'),
  'one-way': partitionFault('one-way'),
  async 'lossy-leader'(cluster, _rng, now, net) {
    // Not a partition: every link between the leader and the other managers loses a share of its
    // packets at random, both ways; TCP retransmits them, late. Heartbeats and appends arrive
    // late and in bursts; a new leader may or may not be elected. Nothing may be lost or stale.
    if (!net) throw new Error('lossy-leader needs network namespaces');
    const l = await currentLeader(cluster);
    const lh = net.hostOf(l.index);
    const others = cluster.managers.filter((m) => m.proc !== null && m.index !== l.index).map((m) => net.hostOf(m.index));
    const links = splitLinks([[lh], others]).map((k) => ({ ...k, loss: LEADER_LOSS }));
    const injectedMs = now();
    activeNet = net.hosts;
    await net.hosts.partition(links);
    await sleep(LOSSY_HOLD_MS);
    await net.hosts.heal();
    activeNet = null;
    return {
      fault: `lossy-leader: ${Math.round(LEADER_LOSS * 100)}% of the packets between leader m${l.index} (id ${l.id}, term ${l.term}) and the ${others.length} other managers dropped at random, both ways, for ${LOSSY_HOLD_MS} ms, then healed`,
      injectedMs,
      healedMs: now(),
      // A new leader is not required: the old one may keep its majority through the losses.
      leaderTermBefore: null,
    };
  },
};

/**
 * Runs a scenario's faults: one, or for "a+b" all at the same time (each chooses its targets
 * from the seed; pick parts that do not fight over the same process, e.g. kill-leader+kill-worker
 * or split-minority+restart-worker). Injected at the first injection, healed at the last heal.
 */
async function composedFault(scenario: string, cluster: ChaosCluster, rng: Rng, now: () => number, net: NetCtx | null, svc: SvcCtx | null): Promise<FaultOutcome> {
  const parts = scenarioParts(scenario) as Scenario[];
  if (parts.length === 1) return FAULTS[parts[0]!](cluster, rng, now, net, svc);
  const outs = await Promise.all(parts.map((p) => FAULTS[p](cluster, new Rng(`${rng.next()}:${p}`), now, net, svc)));
  const terms = outs.map((o) => o.leaderTermBefore).filter((t): t is number => t !== null);
  return {
    fault: outs.map((o) => o.fault).join(' + '),
    injectedMs: Math.min(...outs.map((o) => o.injectedMs)),
    healedMs: Math.max(...outs.map((o) => o.healedMs)),
    leaderTermBefore: terms.length > 0 ? Math.min(...terms) : null,
    readoption: outs.find((o) => o.readoption)?.readoption,
    lost: outs.find((o) => o.lost)?.lost,
    update: outs.find((o) => o.update)?.update,
  };
}

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

type RoundOptions = Required<Omit<RunOptions, 'log' | 'net' | 'noNetReason' | 'keep'>> & { log: (l: string) => void; net: NetnsHosts | null; keep?: boolean };

/** Starts the round's agents (in parallel), creates the service and waits until all its tasks run. */
async function startService(cluster: ChaosCluster, workers: number, replicas: number): Promise<{ id: string; client: BatonClient }> {
  await Promise.all(Array.from({ length: workers }, () => cluster.addAgent()));
  const svc = await withClient(cluster, 10_000, (c) => c.createService(chaosServiceSpec(replicas)));
  const client = cluster.client(1_500);
  const first = new TaskSampler(client, svc.id, replicas, () => 0);
  const ready = await first.waitFor((s) => s.converged, 0, SERVICE_CONVERGE_MS);
  if (!ready) {
    const last = first.samples[first.samples.length - 1];
    client.close();
    throw new Error(`the service did not start ${replicas} tasks within ${SERVICE_CONVERGE_MS} ms (last read: ${last ? (last.ok ? `${last.running} running, ${last.desired} desired` : last.error) : 'none'})`);
  }
  return { id: svc.id, client };
}

/**
 * update: waits (at most SERVICE_CONVERGE_MS) for the rollout to be COMPLETED with `replicas`
 * tasks of `specVersion` running, one per slot; says how it ended.
 */
async function updateOutcome(cluster: ChaosCluster, specVersion: number, replicas: number): Promise<{ ok: boolean; text: string }> {
  const end = Date.now() + SERVICE_CONVERGE_MS;
  let last = 'no answer';
  for (let i = 0; i < 1_000 && Date.now() < end; i++) {
    const r = await withClient(cluster, 5_000, async (c) => {
      const svc = await c.getService(SERVICE_NAME);
      const tasks = (await c.listTasks({ serviceId: svc.id, pageSize: 1000 })).tasks.filter((t) => t.desiredState === 'TASK_RUNNING');
      const running = tasks.filter((t) => t.status?.state === 'TASK_RUNNING' && t.specVersion === specVersion);
      const slots = new Set(running.map((t) => t.slot));
      return { state: String(svc.updateStatus?.state ?? 'none'), msg: svc.updateStatus?.message ?? '', running: running.length, slots: slots.size, desired: tasks.length };
    }).catch(() => null);
    if (r) {
      last = `${r.state} (${r.msg}); ${r.running} of ${replicas} tasks of spec version ${specVersion} running`;
      if (r.state === 'UPDATE_COMPLETED' && r.running === replicas && r.slots === replicas && r.desired === replicas) return { ok: true, text: `updated to spec version ${specVersion}: ${replicas} of ${replicas} running` };
      if (r.state === 'UPDATE_PAUSED' || r.state === 'UPDATE_ROLLED_BACK') break;
    }
    await sleep(200);
  }
  return { ok: false, text: `not completed: ${last}` };
}

/** The worker checks of a round from its samples (and, for restart-worker, the re-adoption). */
async function serviceReport(cluster: ChaosCluster, sampler: TaskSampler, workers: number, f: FaultOutcome | null): Promise<ServiceReport> {
  const replicas = sampler.replicas;
  const check = checkSamples(sampler.samples, replicas);
  const problems: string[] = [];
  let reconvergeMs: number | null = null;
  if (f) {
    const at = stableConvergence(sampler.samples, f.healedMs);
    if (at !== null && at - f.healedMs <= SERVICE_CONVERGE_MS) reconvergeMs = Math.round(Math.max(0, at - f.healedMs));
  }
  const last = [...sampler.samples].reverse().find((s) => s.ok);
  const converged = f !== null && reconvergeMs !== null;
  if (f && !converged) {
    problems.push(
      `the service did not reconverge to ${replicas} running tasks within ${SERVICE_CONVERGE_MS} ms of the heal (last read: ${last ? `${last.running} running, ${last.desired} desired at ${Math.round(last.t)} ms` : 'none succeeded'})`,
    );
  }
  let movedMs: number | null = null;
  if (f?.lost) {
    const lost = new Set(f.lost.tasks);
    const s = sampler.samples.find((x) => x.ok && x.t >= f.injectedMs && x.converged && !Object.values(x.runningByNode).some((ids) => ids.some((id) => lost.has(id))));
    movedMs = s ? Math.round(s.t - f.injectedMs) : null;
  }
  // Only a node marked down has its tasks replaced (a leader change during the fault gives every
  // node a fresh grace, which can outlast it); once back, it must stop its old copies.
  const lost = f?.lost;
  if (lost?.mustMove && check.nodeChanges.some(([t, host, state]) => host === lost.hostname && t >= f!.injectedMs && /DOWN/.test(state))) {
    const still = (last?.runningByNode[lost.hostname] ?? []).filter((id) => lost.tasks.includes(id));
    if (movedMs === null) problems.push(`the tasks of ${lost.hostname} (${lost.tasks.join(', ')}) were not replaced elsewhere after its node went down`);
    if (still.length > 0) problems.push(`${lost.hostname} still runs its replaced tasks ${still.join(', ')} at the end of the round`);
  }
  const rep: ServiceReport = { workers, replicas, healed: f !== null, reconvergeMs, movedMs, converged, check, strays: 0, problems };
  if (f?.update) {
    const u = await updateOutcome(cluster, f.update.specVersion, replicas);
    rep.update = u.text;
    if (!u.ok) problems.push(`update: ${u.text}`);
  }
  if (f?.readoption && last) {
    const ro = f.readoption;
    const r = readoption(ro.hostname, ro.before, last.runningByNode[ro.hostname] ?? [], ro.pids, last.pids);
    let checked = true;
    let note = '';
    if (!r.ok && r.kept < r.before.length) {
      // Replaced tasks are legitimate only if the node was marked down (the restart took longer than the heartbeat grace).
      const gone = r.before.filter((id) => !r.after.includes(id));
      const reasons = await withClient(cluster, 5_000, (c) => Promise.all(gone.map((id) => c.getTask(id).then((t) => t.shutdownReason, (e: Error) => `(${e.message.split('\n')[0]})`)))).catch(() => []);
      if (reasons.length === gone.length && reasons.every((x) => /is down/.test(x))) {
        checked = false;
        note = `not checked: the node was marked down before the agent registered again (${reasons[0]}), so replacing its tasks was right`;
      }
      else note = `replaced tasks' shutdown reasons: ${reasons.join('; ') || '(unknown)'}`;
    }
    rep.readoption = { ...r, checked, note };
    if (checked && !r.ok) problems.push(`restart-worker: ${r.text}${note ? ` (${note})` : ''}`);
  }
  return rep;
}

async function runRound(scenario: string, round: number, opts: RoundOptions): Promise<RoundReport> {
  const rng = new Rng(`${opts.seed}:${scenario}:${round}`);
  const dir = mkdtempSync(path.join(tmpdir(), `baton-chaos-${scenario.replaceAll('+', '_')}-`));
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
    service: null,
  };
  const replicas = 2 * opts.workers;
  let cluster: ChaosCluster | null = null;
  let history: History | null = null;
  let net: NetCtx | null = null;
  let svcClient: BatonClient | null = null;
  let sampler: TaskSampler | null = null;
  let fault: FaultOutcome | null = null;
  try {
    if (opts.net) {
      const nc = await NetnsCluster.start(opts.net, { managers: opts.managers, dir, firstWorkerHost: opts.managers + 1 });
      cluster = nc;
      const hosts = opts.net;
      net = { hosts, hostOf: (i) => nc.managers[i]!.host };
    } else {
      cluster = await LocalCluster.start({ managers: opts.managers, dir });
    }
    activeCluster = cluster;
    let serviceId = '';
    if (opts.workers > 0) {
      const s = await startService(cluster, opts.workers, replicas);
      svcClient = s.client;
      serviceId = s.id;
    }
    const t0 = performance.now();
    const now = () => performance.now() - t0;
    const rec = new HistoryRecorder({ now, meta: { scenario, round, seed: opts.seed, managers: opts.managers } });
    const monitor = new LeaderMonitor(cluster, now);
    monitor.start();
    if (svcClient) {
      sampler = new TaskSampler(svcClient, serviceId, replicas, now);
      sampler.start();
    }
    const svc: SvcCtx | null = sampler ? { sampler } : null;
    const workload = startWorkload(cluster, rec, keys, opts.clients, rng);
    let convergedAt: number | null = null;
    try {
      await sleep(opts.durationMs * (0.2 + 0.1 * rng.next()));
      const f = await composedFault(scenario, cluster, rng, now, net, svc);
      fault = f;
      rep.fault = f.fault;
      rep.injectedMs = Math.round(f.injectedMs);
      rep.healedMs = Math.round(f.healedMs);
      convergedAt = await waitConverged(cluster, now, opts.convergeTimeoutMs);
      rep.converged = convergedAt !== null;
      if (convergedAt !== null) rep.reconvergeMs = Math.round(convergedAt - f.healedMs);
      // The service too (bounded from the heal); the round goes on meanwhile.
      if (sampler) await sampler.waitFor((s) => s.converged, f.healedMs, Math.max(0, SERVICE_CONVERGE_MS - (now() - f.healedMs)));
      await sleep(Math.max(opts.durationMs - now(), convergedAt !== null ? 1_000 : 0));
      if (f.leaderTermBefore !== null) {
        const t = monitor.firstLeaderAbove(f.leaderTermBefore, f.injectedMs);
        rep.newLeaderMs = t === null ? null : Math.round(t - f.injectedMs);
      }
      // If the service dipped again, give it the rest of its bound to come back.
      if (sampler) {
        const last = [...sampler.samples].reverse().find((s) => s.ok);
        const left = SERVICE_CONVERGE_MS - (now() - f.healedMs);
        if (!last?.converged && left > 0) await sampler.waitFor((s) => s.converged, now(), left);
      }
    } finally {
      // The workload ends when it is told to stop: calls still in flight then (a read stuck on a
      // manager that is gone runs into its timeout) must not count as a gap in the writes.
      rep.workloadMs = Math.round(now());
      await workload.stop();
      await monitor.stop();
      await sampler?.stop();
    }

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
    if (sampler) rep.service = await serviceReport(cluster, sampler, opts.workers, fault);
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
    if (cluster && sampler) {
      // What was sampled still counts (a duplicate slot is a violation even in a round that failed otherwise).
      rep.service = await serviceReport(cluster, sampler, opts.workers, fault).catch(() => null);
    }
  } finally {
    continuePaused();
    await sampler?.stop();
    svcClient?.close();
    if (opts.net) await opts.net.heal().catch((e: Error) => opts.log(`  could not heal the partition: ${e.message}`));
    activeNet = null;
    // The tasks the agents named in their handle files (cluster.close kills them), to tell them from strays.
    const named = cluster ? cluster.agents.flatMap((a) => taskPidsOf(a.dataDir)) : [];
    if (cluster) await cluster.close();
    activeCluster = null;
    await waitGone(named, 2_000);
    // Every agent and every task process it named is gone; anything else still working inside the round's directory is a stray task.
    const strays = killStrays(dir);
    if (strays.length > 0) opts.log(`  killed ${strays.length} stray task process(es) by working directory: ${strays.join(', ')}`);
    if (rep.service) rep.service.strays = strays.length;
  }
  const svcViolation = (rep.service?.check.violations.length ?? 0) > 0;
  rep.violation = rep.linearizability.verdict === 'violation' || (!rep.noLostWrites.ok && rep.error === undefined) || rep.leaderPerTerm.conflicts.length > 0 || svcViolation;
  rep.failed = rep.error !== undefined || !rep.converged || (rep.service?.problems.length ?? 0) > 0;
  rep.inconclusive = rep.linearizability.verdict === 'unknown' && rep.error === undefined;
  if (rep.violation || rep.failed || opts.keep) {
    const base = opts.report.replace(/\.json$/i, '');
    const histPath = `${base}.${scenario}.r${round}.history.json`;
    if (history) saveHistory(histPath, history);
    rep.kept = { clusterDir: dir, history: history ? histPath : '(none recorded)' };
    if (sampler && sampler.samples.length > 0) {
      const samplesPath = `${base}.${scenario}.r${round}.tasks.json`;
      writeFileSync(samplesPath, JSON.stringify({ scenario, round, replicas, samples: sampler.samples }, null, 1) + '\n');
      rep.kept.samples = samplesPath;
    }
    opts.log(
      `  ${scenario} round ${round}: ${rep.violation ? 'VIOLATION' : rep.failed ? 'FAILED' : 'kept (--keep)'}; cluster directory (logs) kept at ${dir}${history ? `, history at ${histPath}` : ''}${rep.kept.samples ? `, task samples at ${rep.kept.samples}` : ''}`,
    );
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
    workers: o.workers ?? 0,
    log,
  };
  const net = o.net ?? null;
  const report: RunReport = {
    mode: net ? netnsModeNote(net.layout, opts.managers, opts.workers) : MODE_NOTE,
    network: net ? { prefix: net.layout.prefix, subnet: `${net.layout.subnet}.0/24`, client: net.layout.client.addr, hosts: net.layout.hosts.map((h) => `${h.name}=${h.addr}`) } : null,
    startedAt: new Date().toISOString(),
    options: { managers: opts.managers, workers: opts.workers, scenarios: opts.scenarios, rounds: opts.rounds, seed: opts.seed, durationMs: opts.durationMs, clients: opts.clients, keys: opts.keys },
    rounds: [],
    skipped: [],
    violation: false,
    failed: false,
    inconclusive: false,
  };
  for (const s of opts.scenarios) {
    if (!net && anyPartIn(s, NEEDS_NETNS)) {
      report.skipped.push({ scenario: s, reason: skipReason(o.noNetReason ?? 'not requested') });
      continue;
    }
    if (opts.workers === 0 && anyPartIn(s, WORKER_SCENARIOS)) {
      report.skipped.push({ scenario: s, reason: WORKERS_SKIP_REASON });
      continue;
    }
    for (let r = 1; r <= opts.rounds; r++) {
      log(`${s} round ${r}/${opts.rounds} ...`);
      const rep = await runRound(s, r, { ...opts, net });
      report.rounds.push(rep);
      log(`  ${rep.fault || '(no fault injected)'}: ${verdictOf(rep)}${rep.error ? ` (${rep.error.split('\n')[0]})` : ''}`);
      if (rep.service) log(`  service: ${serviceLine(rep.service)}`);
    }
  }
  report.violation = report.rounds.some((r) => r.violation);
  report.failed = report.rounds.some((r) => r.failed);
  report.inconclusive = report.rounds.some((r) => r.inconclusive);
  mkdirSync(path.dirname(path.resolve(opts.report)), { recursive: true });
  writeFileSync(opts.report, JSON.stringify(report, null, 2) + '\n');
  return report;
}

/** One line about a round's service: reconvergence, lowest running count, re-adoption, problems. */
export function serviceLine(s: ServiceReport): string {
  const parts = [
    !s.healed
      ? 'no heal (the round ended early)'
      : s.reconvergeMs !== null
        ? `${s.replicas} running ${s.reconvergeMs} ms after the heal`
        : `NOT back to ${s.replicas} running tasks within ${SERVICE_CONVERGE_MS} ms`,
    ...(s.movedMs !== null ? [`the lost worker's tasks replaced and running ${s.movedMs} ms after the fault`] : []),
    `lowest ${s.check.minRunning ?? '-'} of ${s.replicas} (below ${s.replicas} for ${s.check.belowMs} ms)`,
    `${s.check.samples} samples (${s.check.failedSamples} failed)`,
    s.check.violations.length > 0 ? `${s.check.violations.length} DUPLICATE SLOT(S)` : 'no slot ran twice',
  ];
  const replaced = s.check.replaced ?? [];
  if (replaced.length > 0) {
    const per = new Map<string, number>();
    for (const r of replaced) per.set(r.node, (per.get(r.node) ?? 0) + 1);
    parts.push(`${replaced.length} task(s) replaced (${[...per].map(([n, k]) => `${k} from ${n}`).join(', ')})`);
  }
  if (s.readoption) parts.push(s.readoption.checked ? s.readoption.text : `${s.readoption.text} (${s.readoption.note})`);
  if (s.update) parts.push(s.update);
  const changes = s.check.nodeChanges ?? [];
  if (changes.length > 0) {
    const shown = changes.slice(0, 6).map(([t, host, state]) => `${host} ${state.replace(/^NODE_/, '').toLowerCase()} at ${t}`);
    parts.push(`node states: ${shown.join(', ')}${changes.length > 6 ? `, ... (${changes.length} changes)` : ''}`);
  }
  if (s.check.unconfirmed.length > 0) parts.push(`${s.check.unconfirmed.length} slot(s) with an unconfirmed task on a node not ready`);
  if (s.strays > 0) parts.push(`${s.strays} stray task processes killed at the end`);
  return parts.join('; ');
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
  /** The service's reconvergence after the heal (rounds with workers). */
  serviceReconverge: { median: number | null; max: number | null };
  /** kill-worker: from the kill until the dead machine's tasks were replaced and running. */
  serviceMoved: { median: number | null; max: number | null };
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
    serviceReconverge: stat(rs.map((r) => r.service?.reconvergeMs ?? null)),
    serviceMoved: stat(rs.map((r) => r.service?.movedMs ?? null)),
  }));
}

/** The readable summary. */
export function summaryTable(report: RunReport): string[] {
  const workers = report.rounds.some((r) => r.service !== null);
  const head = ['scenario', 'rnd', 'inject', 'heal', 'new leader', 'reconverge', 'write gap', 'ok/fail/unk', 'linearizable', 'no lost write', '1 leader/term', ...(workers ? ['svc reconv', 'svc min', 'replaced', 'slots'] : []), 'result'];
  const svcCols = (r: RoundReport): string[] => {
    if (!workers) return [];
    const s = r.service;
    if (!s) return ['-', '-', '-', '-'];
    return [ms(s.reconvergeMs), `${s.check.minRunning ?? '-'}/${s.replicas}`, String(s.check.replaced?.length ?? 0), s.check.violations.length > 0 ? 'TWICE' : 'ok'];
  };
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
    ...svcCols(r),
    verdictOf(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const lines = [
    `mode: ${report.mode}`,
    `times in ms from round start (inject, heal) or from the event (new leader: from inject; reconverge${workers ? ', svc reconv' : ''}: from heal)${workers ? '; svc min: lowest running count / replicas; replaced: tasks that ran and were replaced; slots: no slot ran twice' : ''}`,
    fmt(head),
    fmt(widths.map((w) => '-'.repeat(w))),
  ];
  for (const row of rows) lines.push(fmt(row));
  for (const r of report.rounds) {
    lines.push(`${r.scenario} round ${r.round}: ${r.fault}`);
    for (const p of r.linearizability.problems) lines.push(`  linearizability: ${p.split('\n')[0]}`);
    for (const p of r.noLostWrites.problems) lines.push(`  lost write: ${p}`);
    for (const c of r.leaderPerTerm.conflicts) lines.push(`  term ${c.term} had leaders ${c.leaders.join(', ')} (${c.claims.map((x) => `${x.source}@${x.where}`).join('; ')})`);
    if (!r.converged && !r.error) lines.push('  did not reconverge within the bound');
    if (r.service) {
      lines.push(`  service: ${serviceLine(r.service)}`);
      for (const v of r.service.check.violations) lines.push(`  VIOLATION: ${v}`);
      for (const p of r.service.problems) lines.push(`  service problem: ${p}`);
    }
    if (r.error) lines.push(`  error: ${r.error.split('\n')[0]}`);
    if (r.kept) lines.push(`  kept: cluster dir ${r.kept.clusterDir}, history ${r.kept.history}`);
  }
  for (const s of report.skipped) lines.push(`${s.scenario}: ${s.reason}`);
  const sums = scenarioSummaries(report);
  if (sums.length > 0) {
    const mm = (x: { median: number | null; max: number | null }) => (x.median === null ? '-' : `${x.median} / ${x.max}`);
    // (tasks moved: kill-worker, from the kill until the dead machine's tasks ran elsewhere)
    const moved = sums.some((x) => x.serviceMoved.median !== null);
    const h2 = [
      'scenario',
      'rounds',
      'ok',
      'violations',
      'failed',
      'write gap med/max',
      'new leader med/max',
      'reconverge med/max',
      ...(workers ? ['svc reconverge med/max'] : []),
      ...(moved ? ['tasks moved med/max'] : []),
    ];
    const rows2 = sums.map((x) => [
      x.scenario,
      String(x.rounds),
      String(x.ok),
      String(x.violations),
      String(x.failed),
      mm(x.writeGap),
      mm(x.newLeader),
      mm(x.reconverge),
      ...(workers ? [mm(x.serviceReconverge)] : []),
      ...(moved ? [mm(x.serviceMoved)] : []),
    ]);
    const w2 = h2.map((h, i) => Math.max(h.length, ...rows2.map((row) => row[i]!.length)));
    const fmt2 = (row: string[]) => row.map((c, i) => c.padEnd(w2[i]!)).join('  ').trimEnd();
    lines.push('', 'per scenario (ms):', fmt2(h2), fmt2(w2.map((w) => '-'.repeat(w))), ...rows2.map(fmt2));
  }
  const verdict = report.violation ? 'VIOLATION' : report.failed ? 'FAILED' : report.inconclusive ? 'INCONCLUSIVE (no violation found)' : 'no violation';
  lines.push(`result: ${verdict} (${report.rounds.length} rounds, ${report.skipped.length} scenarios skipped)`);
  return lines;
}

const USAGE =
  'usage: run.sh --managers 3|5 [--workers N] --scenario NAME|all --rounds R --seed S --report FILE [--duration-ms D] [--no-netns] [--keep] [--unsafe-bug local-reads]\n' +
  '       run.sh --cleanup    (remove the namespaces left by a crashed run: btc<5 hex>-{sw,cl,h<i>} whose runner is gone)\n' +
  `scenarios: ${SCENARIOS.join(', ')}, all (comma-separated lists too; a+b runs faults a and b at the same time)`;

interface Parsed {
  managers: number;
  workers: number;
  scenarios: string[];
  rounds: number;
  seed: number;
  durationMs: number;
  report: string;
  noNetns: boolean;
  keep: boolean;
  /** A deliberately broken manager build (BATON_UNSAFE_BUG), to show that the checkers catch it. */
  unsafeBug: string | null;
}

/** Broken builds the managers can be started as (src/manager/replica.ts). */
export const UNSAFE_BUGS = ['local-reads'];

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
        keep: { type: 'boolean', default: false },
        'unsafe-bug': { type: 'string' },
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
  if (!Number.isSafeInteger(workers) || workers < 0 || workers > MAX_WORKERS) bad.push(`--workers must be an integer 0..${MAX_WORKERS}`);
  if (!Number.isSafeInteger(rounds) || rounds < 1 || rounds > 1000) bad.push('--rounds must be an integer 1..1000');
  if (!Number.isSafeInteger(seed)) bad.push('--seed must be an integer');
  if (!Number.isFinite(durationMs) || durationMs < 1000 || durationMs > 600_000) bad.push('--duration-ms must be 1000..600000');
  if (!v.report) bad.push('--report FILE is required');
  if (v['unsafe-bug'] !== undefined && !UNSAFE_BUGS.includes(v['unsafe-bug'])) bad.push(`--unsafe-bug must be one of ${UNSAFE_BUGS.join(', ')}`);
  const all: readonly string[] = SCENARIOS;
  const scenarios = v.scenario === 'all' ? [...all] : v.scenario!.split(',');
  for (const s of scenarios) {
    const parts = scenarioParts(s);
    for (const part of parts) if (!all.includes(part)) bad.push(`unknown scenario ${JSON.stringify(part)}${parts.length > 1 ? ` in ${JSON.stringify(s)}` : ''}`);
    if (new Set(parts).size !== parts.length) bad.push(`${JSON.stringify(s)} names a fault twice`);
  }
  if (bad.length > 0) return { error: bad.join('\n') };
  return { ok: { managers, workers, scenarios, rounds, seed, durationMs, report: v.report!, noNetns: v['no-netns']!, keep: v.keep!, unsafeBug: v['unsafe-bug'] ?? null } };
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
  if (p.unsafeBug) {
    // Inherited by every manager this run starts (and by the inner runner in netns mode).
    process.env['BATON_UNSAFE_BUG'] = p.unsafeBug;
    console.log(`chaos: managers run as a DELIBERATELY BROKEN build (${p.unsafeBug}): the checkers should report violations`);
  }
  const layoutJson = process.env[LAYOUT_ENV];
  if (layoutJson) return inner(p, JSON.parse(layoutJson) as NetLayout);
  let why = '--no-netns';
  if (!p.noNetns) {
    const support = netnsSupport();
    if (support.ok) return outer(p, argv);
    why = support.reason;
  }
  const skipped = p.scenarios.filter((s) => anyPartIn(s, NEEDS_NETNS));
  console.log(`chaos: ${MODE_NOTE} (${why})${p.workers > 0 ? `; ${p.workers} worker agents on 127.0.0.1` : ''}`);
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
  if (p.workers === 0) {
    const noWorkers = p.scenarios.filter((s) => anyPartIn(s, WORKER_SCENARIOS));
    if (noWorkers.length > 0) console.log(`chaos: skipping ${noWorkers.join(', ')}: ${WORKERS_SKIP_REASON}`);
  }
  const report = await runChaos({ managers: p.managers, workers: p.workers, scenarios: p.scenarios, rounds: p.rounds, seed: p.seed, durationMs: p.durationMs, report: p.report, net, noNetReason, keep: p.keep });
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
  if (layout.hosts.length < p.managers + 1 + p.workers) {
    console.error(`chaos: the layout has ${layout.hosts.length} hosts, ${p.managers} managers + 1 spare + ${p.workers} workers need ${p.managers + 1 + p.workers}`);
    return 2;
  }
  console.log(`chaos: ${netnsModeNote(layout, p.managers, p.workers)}`);
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
 * scenario's join, + one per worker), runs this script again inside the client namespace, and
 * deletes every namespace it created when that ends, however it ends.
 */
async function outer(p: Parsed, argv: string[]): Promise<number> {
  const hosts = NetnsHosts.create({ hosts: p.managers + 1 + p.workers, log: (l) => console.log(`chaos: ${l}`) });
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
