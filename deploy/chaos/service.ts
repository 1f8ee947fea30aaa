// The chaos runner's worker checks (docs/chaos.md, "Workers"): with `--workers N` every round runs
// a replicated service (process runtime, `sleep 3600`, 2 × N replicas) and samples its tasks every
// ~200 ms from the client host. Each sample is one linearizable read of the service's desired-
// RUNNING tasks and one of the nodes; from it:
//
//  - the running count: desired RUNNING, reported RUNNING, on a node that is READY in the sample;
//  - duplicate slots (a safety violation): a slot with two such tasks. The update order is
//    stop-first (the default) and nothing updates the service during a round, so a slot never
//    legitimately has two;
//  - "unconfirmed" tasks: desired RUNNING and last reported RUNNING, but on a node that is not
//    READY. The store keeps a task's last reported status when its node stops reporting, so the
//    status says nothing about now; such a task is neither counted as running nor as a duplicate
//    (the orchestrator sets it to desired SHUTDOWN as soon as it replaces it). A slot where one
//    sits next to a running task is remembered as information, not as a violation;
//  - converged: exactly `replicas` desired-RUNNING tasks, all running (as above), slots 1..replicas
//    once each.
//
// The pure functions (analyzeSample, checkSamples, stableConvergence, readoption) are tested in
// test/chaos/service.test.ts; TaskSampler does the reads.
import type { BatonClient } from '../../src/client/client.js';
import type { ServiceSpec } from '../../src/gen/baton/v1/ServiceSpec';

/** The chaos service: replicated, process runtime, `sleep 3600`, the default restart policy and update order. */
export const SERVICE_NAME = 'chaos-sleep';
export function chaosServiceSpec(replicas: number): ServiceSpec {
  // The update config matters only for the `update` scenario: two tasks at a time, a short monitor
  // window, so that a rolling update of a few tasks fits in a round.
  return {
    name: SERVICE_NAME,
    mode: 'replicated',
    replicated: { replicas },
    task: { process: { command: 'sleep', args: ['3600'] } },
    update: { parallelism: 2, delayMs: 0, order: 'UPDATE_STOP_FIRST', failureAction: 'UPDATE_PAUSE', monitorMs: 500, maxFailureRatio: 0 },
  };
}

/** One task as the sampler keeps it. */
export interface SampleTask {
  id: string;
  slot: number;
  nodeId: string;
  /** desired state, e.g. TASK_RUNNING */
  desired: string;
  /** reported state (status.state), e.g. TASK_RUNNING */
  state: string;
  /** The pid in the status message of a running process task ("started (pid N)"), or null. */
  pid: number | null;
}

export interface SampleNode {
  id: string;
  hostname: string;
  /** NODE_READY, NODE_DOWN, NODE_UNKNOWN ... */
  state: string;
}

export interface SlotTask {
  id: string;
  /** The node's hostname (its id if unknown). */
  node: string;
  nodeState: string;
}

/** A slot with more than one task: `tasks` are the ones involved. */
export interface SlotClash {
  slot: number;
  tasks: SlotTask[];
}

export interface TaskSample {
  /** When the reads completed, ms from the round's start. */
  t: number;
  ok: boolean;
  /** Why the read failed (ok false). */
  error?: string;
  /** Tasks desired RUNNING, reported RUNNING, on a READY node. */
  running: number;
  /** Tasks desired RUNNING, whatever their status and node. */
  desired: number;
  converged: boolean;
  /** Slots with two or more running tasks (violations). */
  duplicates: SlotClash[];
  /** Slots with a running task and, besides it, a desired-RUNNING task last reported RUNNING on a node that is not READY (information). */
  unconfirmed: SlotClash[];
  /** Node hostname -> state. */
  nodes: Record<string, string>;
  /** Node hostname -> ids of its running tasks (as counted). */
  runningByNode: Record<string, string[]>;
  /** Task id -> pid, for the running tasks whose status names one. */
  pids: Record<string, number>;
}

export function pidOf(message: string | undefined): number | null {
  const m = /pid (\d+)/.exec(message ?? '');
  return m ? Number(m[1]) : null;
}

/** Reads one sample's tasks and nodes into a TaskSample (pure). */
export function analyzeSample(t: number, tasks: readonly SampleTask[], nodes: readonly SampleNode[], replicas: number): TaskSample {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const name = (id: string) => byId.get(id)?.hostname || id || '(unassigned)';
  const nodeState = (id: string) => byId.get(id)?.state ?? 'NODE_UNKNOWN';
  const live = tasks.filter((x) => x.desired === 'TASK_RUNNING');
  const isRunning = (x: SampleTask) => x.state === 'TASK_RUNNING' && nodeState(x.nodeId) === 'NODE_READY';
  const slots = new Map<number, SampleTask[]>();
  for (const x of live) slots.set(x.slot, [...(slots.get(x.slot) ?? []), x]);
  const duplicates: SlotClash[] = [];
  const unconfirmed: SlotClash[] = [];
  const slotTask = (x: SampleTask): SlotTask => ({ id: x.id, node: name(x.nodeId), nodeState: nodeState(x.nodeId) });
  for (const [slot, xs] of [...slots].sort((a, b) => a[0] - b[0])) {
    const running = xs.filter(isRunning);
    if (running.length > 1) duplicates.push({ slot, tasks: running.map(slotTask) });
    const stale = xs.filter((x) => x.state === 'TASK_RUNNING' && !isRunning(x));
    if (running.length > 0 && stale.length > 0) unconfirmed.push({ slot, tasks: [...running, ...stale].map(slotTask) });
  }
  const runningTasks = live.filter(isRunning);
  const runningByNode: Record<string, string[]> = {};
  const pids: Record<string, number> = {};
  for (const x of runningTasks) {
    (runningByNode[name(x.nodeId)] ??= []).push(x.id);
    if (x.pid !== null) pids[x.id] = x.pid;
  }
  for (const ids of Object.values(runningByNode)) ids.sort();
  const slotSet = new Set(live.map((x) => x.slot));
  const converged =
    live.length === replicas && runningTasks.length === replicas && slotSet.size === replicas && [...slotSet].every((s) => Number.isInteger(s) && s >= 1 && s <= replicas);
  return {
    t,
    ok: true,
    running: runningTasks.length,
    desired: live.length,
    converged,
    duplicates,
    unconfirmed,
    nodes: Object.fromEntries(nodes.map((n) => [n.hostname || n.id, n.state])),
    runningByNode,
    pids,
  };
}

export function failedSample(t: number, error: string): TaskSample {
  return { t, ok: false, error, running: 0, desired: 0, converged: false, duplicates: [], unconfirmed: [], nodes: {}, runningByNode: {}, pids: {} };
}

export function describeClash(c: SlotClash): string {
  const parts = c.tasks.map((x) => `${x.id} on ${x.node}${x.nodeState === 'NODE_READY' ? '' : ` (${x.nodeState.replace(/^NODE_/, '').toLowerCase()})`}`);
  return `slot ${c.slot} ran ${c.tasks.length === 2 ? 'twice' : `${c.tasks.length} times`}: tasks ${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export interface SampleCheck {
  samples: number;
  failedSamples: number;
  /** Distinct duplicate slots (violations), each with when it was first seen and in how many samples. */
  violations: string[];
  /** Distinct unconfirmed clashes (information). */
  unconfirmed: string[];
  /** The lowest running count in a successful sample (null: none succeeded). */
  minRunning: number | null;
  /** How long successful samples showed fewer than `replicas` running (each sample counts until the next). */
  belowMs: number;
  /** The running count whenever it changed: [t, running]. */
  timeline: [number, number][];
  /** Every change of a node's state seen in the samples after the first: [t, hostname, state] (a node first seen later counts as a change). */
  nodeChanges: [number, string, string][];
  /** The first samples (at most 5) with fewer than `replicas` running: what was short. */
  short: { t: number; running: number; desired: number; notReady: Record<string, string> }[];
  /**
   * Tasks seen running that no longer run in the last successful sample (replaced: told to stop,
   * or ended), with the node they ran on. A manager fault should replace none.
   */
  replaced: { id: string; node: string }[];
}

function distinct(samples: readonly TaskSample[], pick: (s: TaskSample) => SlotClash[]): string[] {
  const seen = new Map<string, { text: string; first: number; last: number; n: number }>();
  for (const s of samples) {
    for (const c of pick(s)) {
      const key = `${c.slot}:${c.tasks.map((x) => x.id).sort().join(',')}`;
      const e = seen.get(key);
      if (e) {
        e.n++;
        e.last = s.t;
      } else seen.set(key, { text: describeClash(c), first: s.t, last: s.t, n: 1 });
    }
  }
  return [...seen.values()].map((e) => `${e.text} (at ${Math.round(e.first)} ms${e.n > 1 ? `, ${e.n} samples until ${Math.round(e.last)} ms` : ''})`);
}

/** The checks over a round's samples (pure). */
export function checkSamples(samples: readonly TaskSample[], replicas: number): SampleCheck {
  const ok = samples.filter((s) => s.ok);
  let belowMs = 0;
  for (let i = 0; i + 1 < ok.length; i++) if (ok[i]!.running < replicas) belowMs += ok[i + 1]!.t - ok[i]!.t;
  const timeline: [number, number][] = [];
  for (const s of ok) if (timeline.length === 0 || timeline[timeline.length - 1]![1] !== s.running) timeline.push([Math.round(s.t), s.running]);
  const nodeChanges: [number, string, string][] = [];
  for (let i = 1; i < ok.length; i++) {
    for (const [host, state] of Object.entries(ok[i]!.nodes)) if (ok[i - 1]!.nodes[host] !== state) nodeChanges.push([Math.round(ok[i]!.t), host, state]);
  }
  const short = ok
    .filter((s) => s.running < replicas)
    .slice(0, 5)
    .map((s) => ({ t: Math.round(s.t), running: s.running, desired: s.desired, notReady: Object.fromEntries(Object.entries(s.nodes).filter(([, st]) => st !== 'NODE_READY')) }));
  const seen = new Map<string, string>();
  for (const s of ok) for (const [host, ids] of Object.entries(s.runningByNode)) for (const id of ids) if (!seen.has(id)) seen.set(id, host);
  const last = ok[ok.length - 1];
  const still = new Set(last ? Object.values(last.runningByNode).flat() : []);
  const replaced = [...seen].filter(([id]) => !still.has(id)).map(([id, node]) => ({ id, node }));
  return {
    samples: samples.length,
    failedSamples: samples.length - ok.length,
    violations: distinct(ok, (s) => s.duplicates),
    unconfirmed: distinct(ok, (s) => s.unconfirmed),
    minRunning: ok.length ? Math.min(...ok.map((s) => s.running)) : null,
    belowMs: Math.round(belowMs),
    timeline,
    nodeChanges,
    short,
    replaced,
  };
}

/**
 * When the service converged for good after `fromMs` (the heal): the time of the first successful
 * sample at or after `fromMs` that is converged and after which every successful sample is
 * converged too; `fromMs` itself if, besides, the last successful sample before it was converged
 * (the service never fell short after the heal). Null when the last successful sample is not
 * converged (or there is none after `fromMs`).
 */
export function stableConvergence(samples: readonly TaskSample[], fromMs: number): number | null {
  const ok = samples.filter((s) => s.ok);
  const first = ok.findIndex((s) => s.t >= fromMs);
  if (first < 0 || !ok[ok.length - 1]!.converged) return null;
  let i = ok.length - 1;
  while (i > first && ok[i - 1]!.converged) i--;
  if (i === first && first > 0 && ok[first - 1]!.converged) return fromMs;
  return ok[i]!.t;
}

/** Whether a node was seen in another state than READY in a successful sample in [fromMs, toMs]. */
export function nodeWasDown(samples: readonly TaskSample[], hostname: string, fromMs: number, toMs: number): string | null {
  for (const s of samples) {
    if (!s.ok || s.t < fromMs || s.t > toMs) continue;
    const st = s.nodes[hostname];
    if (st !== undefined && st !== 'NODE_READY') return `${hostname} was ${st} at ${Math.round(s.t)} ms`;
  }
  return null;
}

export interface Readoption {
  node: string;
  /** The node's running tasks before the kill. */
  before: string[];
  /** Its running tasks once the service converged after the restart. */
  after: string[];
  /** Tasks of `before` still running on the node after the restart. */
  kept: number;
  /** Of those, how many still have the same pid. */
  samePid: number;
  ok: boolean;
  text: string;
}

/** Re-adoption after an agent restart: the same task ids (and pids) run on the node (pure). */
export function readoption(node: string, before: readonly string[], after: readonly string[], pidsBefore: Record<string, number>, pidsAfter: Record<string, number>): Readoption {
  const a = new Set(after);
  const kept = before.filter((id) => a.has(id));
  const samePid = kept.filter((id) => pidsBefore[id] !== undefined && pidsBefore[id] === pidsAfter[id]).length;
  const ok = before.length > 0 && kept.length === before.length && samePid === kept.length && after.length === before.length;
  const extra = after.filter((id) => !before.includes(id));
  let text = `re-adopted ${kept.length} of ${before.length} on ${node}`;
  if (samePid !== kept.length) text += ` (${kept.length - samePid} with another pid)`;
  if (kept.length < before.length) text += `; replaced: ${before.filter((id) => !a.has(id)).join(', ')}`;
  if (extra.length > 0) text += `; new there: ${extra.join(', ')}`;
  return { node, before: [...before], after: [...after], kept: kept.length, samePid, ok, text };
}

// ------------------------------------------------------------------ the reads

/** Samples the service's tasks and the nodes every `everyMs` (one read at a time). */
export class TaskSampler {
  readonly samples: TaskSample[] = [];
  private stopped = true;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: BatonClient,
    readonly serviceId: string,
    readonly replicas: number,
    private readonly now: () => number,
    private readonly everyMs = 200,
  ) {}

  /** One sample, now (not added to `samples`). */
  async read(): Promise<TaskSample> {
    try {
      const [tr, nr] = await Promise.all([
        this.client.listTasks({ serviceId: this.serviceId, desiredStates: ['TASK_RUNNING'], pageSize: 1000 }),
        this.client.listNodes({ pageSize: 1000 }),
      ]);
      if (tr.nextPageToken || nr.nextPageToken) throw new Error('more than one page of tasks or nodes');
      const tasks: SampleTask[] = tr.tasks.map((x) => ({
        id: x.id,
        slot: x.slot,
        nodeId: x.nodeId,
        desired: String(x.desiredState),
        state: String(x.status?.state ?? 'TASK_NEW'),
        pid: pidOf(x.status?.message),
      }));
      const nodes: SampleNode[] = nr.nodes.map((n) => ({ id: n.id, hostname: n.hostname, state: String(n.status?.state ?? 'NODE_UNKNOWN') }));
      return analyzeSample(this.now(), tasks, nodes, this.replicas);
    } catch (e) {
      return failedSample(this.now(), (e as Error).message.split('\n')[0]!);
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.done = (async () => {
      for (let i = 0; i < 1_000_000 && !this.stopped; i++) {
        const started = this.now();
        this.samples.push(await this.read());
        await new Promise((r) => setTimeout(r, Math.max(0, this.everyMs - (this.now() - started))));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  /** Waits (polling the samples it takes) until one taken at or after `fromMs` satisfies `pred`; null after timeoutMs. */
  async waitFor(pred: (s: TaskSample) => boolean, fromMs: number, timeoutMs: number): Promise<TaskSample | null> {
    const end = Date.now() + timeoutMs;
    let seen = 0;
    for (let i = 0; i < 1_000_000; i++) {
      for (; seen < this.samples.length; seen++) {
        const s = this.samples[seen]!;
        if (s.ok && s.t >= fromMs && pred(s)) return s;
      }
      if (Date.now() >= end) return null;
      if (this.stopped) {
        // Not sampling (before start or after stop): read directly.
        const s = await this.read();
        this.samples.push(s);
        if (s.ok && s.t >= fromMs && pred(s)) return s;
        seen = this.samples.length;
      }
      await new Promise((r) => setTimeout(r, this.stopped ? this.everyMs : 50));
    }
    return null;
  }
}
