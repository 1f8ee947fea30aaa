// The agent's task life cycle. For every task assigned to this node it drives the executor
// (accept, prepare, start, watch the exit, stop) and reports each state it reaches. The agent
// never restarts a task on its own: a task that ended is reported, and the orchestrator on the
// leader decides about a replacement (so restart limits live in one place, the store).
// Operations on one task are serialized; different tasks proceed independently.
//
// Probes (probes.ts) run while a run is RUNNING, started with it (or on adoption after an agent
// restart) and stopped when it ends or is stopped. What they decide goes through the task's
// operation chain like everything else: readiness flips are reported as health changes (the
// status stays RUNNING), and a liveness probe that fails `failure_threshold` times in a row stops
// the run and reports TASK_FAILED, which the orchestrator treats like any failure (restart policy).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { isTerminal } from '../store/task_states.js';
import type { Task } from '../store/types.js';
import type { TaskHealth__Output as TaskHealth } from '../gen/baton/v1/TaskHealth';
import type { Executor, ExitInfo, RunHandle, RuntimeName } from './executor/executor.js';
import { checkOf, ProbeRunner, probeSettings, realScheduler, type ProbeTransition, type Scheduler } from './probes.js';
import type { AgentState, TaskRecord } from './state.js';
import type { TaskStatus, TaskStatusUpdate } from './types.js';

export interface TaskManagerOptions {
  state: AgentState;
  executors: Map<RuntimeName, Executor>;
  /** Why a runtime cannot be used here (absent: usable). */
  unavailable: Map<RuntimeName, string>;
  log: Logger;
  /** Called with every status change (the session sends them to the leader). */
  report(u: TaskStatusUpdate): void;
  /** SIGTERM to SIGKILL (ms). */
  stopGraceMs: number;
  /** The probes' clock (tests pass a manual one). Default: real time. */
  scheduler?: Scheduler;
}

/** The health a run starts with: see `initialHealth`. */
export const WAITING_FOR_FIRST_PROBE = 'waiting for the first probe';
export const NO_READINESS_PROBE = 'no readiness probe: ready while running';

/**
 * A task with a readiness probe starts not ready; one without is ready as soon as it runs
 * (ready = running, when nothing says otherwise).
 */
export function initialHealth(t: Task): TaskHealth {
  return t.spec?.readiness
    ? { ready: false, lastProbeResult: WAITING_FOR_FIRST_PROBE, lastProbeMs: 0 }
    : { ready: true, lastProbeResult: NO_READINESS_PROBE, lastProbeMs: 0 };
}

/** The probes of one run. */
interface RunProbes {
  handle: RunHandle;
  liveness: ProbeRunner | null;
  readiness: ProbeRunner | null;
}

function runtimeOf(t: Task): RuntimeName {
  return t.spec?.runtime === 'container' ? 'runc' : 'process';
}

class Runner {
  chain: Promise<void> = Promise.resolve();
  stopping = false;
  forgotten = false;
  /** The probes of the current run, while it runs. */
  probes: RunProbes | null = null;
  constructor(public rec: TaskRecord) {}
  get state() {
    return this.rec.status.status?.state ?? 'TASK_ASSIGNED';
  }
}

export class TaskManager {
  private readonly runners = new Map<string, Runner>();
  /** Task ids of an incomplete full assignment set (pages still arriving). */
  private fullSet: Set<string> | null = null;
  private closed = false;
  private readonly scheduler: Scheduler;
  /** Chains of tasks being forgotten (no longer in `runners`), so that close() waits for them too. */
  private readonly forgetting = new Set<Promise<void>>();

  constructor(private readonly opts: TaskManagerOptions) {
    this.scheduler = opts.scheduler ?? realScheduler;
  }

  /** After an agent restart: adopt the runs that outlived it; report those that ended meanwhile. */
  async load(): Promise<void> {
    for (const rec of await this.opts.state.tasks()) {
      const r = new Runner(rec);
      this.runners.set(rec.task.id, r);
      if (!rec.handle || isTerminal(r.state)) continue;
      const ex = this.opts.executors.get(rec.handle.runtime);
      const alive = ex ? await ex.adopt(rec.handle).catch(() => false) : false;
      if (alive) {
        this.opts.log.info({ task: rec.task.id, pid: rec.handle.pid }, 'adopted a task that kept running while the agent was down');
        this.watchExit(r, ex!, rec.handle);
        if (r.state === 'TASK_RUNNING' && rec.task.desiredState === 'TASK_RUNNING') await this.adoptProbes(r, ex!, rec.handle);
      } else {
        await this.setStatus(r, { state: 'TASK_FAILED', message: 'the task ended while the agent was down', error: 'process gone when the agent restarted', exitCode: -1 });
      }
    }
  }

  /** Every task's current status (re-sent after each (re)connection: the leader may have missed some). */
  statuses(): TaskStatusUpdate[] {
    return [...this.runners.values()].map((r) => r.rec.status);
  }

  runOf(taskId: string): { executor: Executor; handle: RunHandle } | null {
    const r = this.runners.get(taskId);
    const h = r?.rec.handle;
    const ex = h ? this.opts.executors.get(h.runtime) : undefined;
    return h && ex ? { executor: ex, handle: h } : null;
  }

  /** Applies one assignments message (a page of the full set, or changes). */
  assign(tasks: Task[], removed: string[], full: boolean, lastPage: boolean): void {
    if (this.closed) return;
    if (full) {
      this.fullSet ??= new Set();
      for (const t of tasks) this.fullSet.add(t.id);
    }
    for (const t of tasks) this.upsert(t);
    for (const id of removed) this.forget(id);
    if (full && lastPage) {
      const keep = this.fullSet!;
      this.fullSet = null;
      for (const id of [...this.runners.keys()]) if (!keep.has(id)) this.forget(id);
    }
  }

  private upsert(t: Task): void {
    let r = this.runners.get(t.id);
    if (!r) {
      const status: TaskStatus = t.status ?? { state: 'TASK_ASSIGNED', timestampMs: Date.now(), message: '', error: '', exitCode: 0 };
      r = new Runner({ task: t, handle: null, status: { taskId: t.id, status, ports: [], health: null } });
      this.runners.set(t.id, r);
    } else {
      r.rec.task = t;
    }
    const runner = r;
    runner.chain = runner.chain.then(() => this.reconcile(runner)).catch((e: Error) => this.opts.log.error({ task: t.id, err: e.message }, 'task reconcile failed'));
  }

  private forget(id: string): void {
    const r = this.runners.get(id);
    if (!r) return;
    this.runners.delete(id);
    r.forgotten = true;
    this.stopProbes(r);
    r.chain = r.chain.then(async () => {
      const h = r.rec.handle;
      const ex = h ? this.opts.executors.get(h.runtime) : undefined;
      if (h && ex) {
        await ex.stop(h, this.opts.stopGraceMs).catch(() => undefined);
        await ex.remove(h).catch(() => undefined);
      }
      await this.opts.state.deleteTask(id);
      this.opts.log.info({ task: id }, 'task forgotten (no longer assigned)');
    }).catch((e: Error) => this.opts.log.error({ task: id, err: e.message }, 'forgetting a task failed'));
    const done = r.chain;
    this.forgetting.add(done);
    void done.finally(() => this.forgetting.delete(done));
  }

  private async reconcile(r: Runner): Promise<void> {
    if (this.closed || r.forgotten || isTerminal(r.state)) return;
    const t = r.rec.task;
    if (t.desiredState !== 'TASK_RUNNING') {
      const h = r.rec.handle;
      this.stopProbes(r);
      this.notReady(r, `stopped: ${t.shutdownReason || 'shutdown requested'}`);
      if (h) {
        r.stopping = true;
        await this.opts.executors.get(h.runtime)?.stop(h, this.opts.stopGraceMs);
      }
      if (!isTerminal(r.state)) await this.setStatus(r, { state: 'TASK_SHUTDOWN', message: `stopped: ${t.shutdownReason || 'shutdown requested'}`, error: '', exitCode: 0 });
      return;
    }
    if (r.rec.handle) return; // started already; the exit watcher reports the end
    const runtime = runtimeOf(t);
    const ex = this.opts.executors.get(runtime);
    if (!ex || this.opts.unavailable.has(runtime)) {
      const why = this.opts.unavailable.get(runtime) ?? 'not configured';
      await this.setStatus(r, { state: 'TASK_REJECTED', message: `runtime ${runtime} is not available on this node`, error: why, exitCode: 0 });
      return;
    }
    await this.setStatus(r, { state: 'TASK_ACCEPTED', message: 'accepted', error: '', exitCode: 0 });
    await this.setStatus(r, { state: 'TASK_PREPARING', message: 'preparing', error: '', exitCode: 0 });
    await this.setStatus(r, { state: 'TASK_STARTING', message: 'starting', error: '', exitCode: 0 });
    let h: RunHandle;
    try {
      h = await ex.start(t);
    } catch (e) {
      await this.setStatus(r, { state: 'TASK_FAILED', message: 'failed to start', error: (e as Error).message, exitCode: -1 });
      return;
    }
    r.rec.handle = h;
    r.rec.status = { ...r.rec.status, ports: h.ports, health: initialHealth(t) };
    // Beside the run's files, for operators and tools: which process is this task.
    await writeFile(path.join(h.dir, 'handle.json'), JSON.stringify(h)).catch(() => undefined);
    await this.setStatus(r, { state: 'TASK_RUNNING', message: `started (pid ${h.pid})`, error: '', exitCode: 0 });
    this.watchExit(r, ex, h);
    this.startProbes(r, ex, h, null);
  }

  private watchExit(r: Runner, ex: Executor, h: RunHandle): void {
    ex.wait(h).then(
      (exit) => {
        // At once, not in the chain: a probe failing because the run just ended must not be
        // reported as a liveness failure.
        if (r.probes?.handle === h) this.stopProbes(r);
        r.chain = r.chain.then(() => this.onExit(r, exit));
      },
      (e: Error) => this.opts.log.warn({ task: r.rec.task.id, err: e.message }, 'lost track of a task run'),
    );
  }

  private async onExit(r: Runner, exit: ExitInfo): Promise<void> {
    if (this.closed || r.forgotten || isTerminal(r.state)) return;
    this.stopProbes(r);
    this.notReady(r, `not running: ${exit.message}`);
    if (r.stopping || r.rec.task.desiredState !== 'TASK_RUNNING') {
      await this.setStatus(r, { state: 'TASK_SHUTDOWN', message: `stopped: ${r.rec.task.shutdownReason || 'shutdown requested'}`, error: '', exitCode: exit.exitCode });
    } else if (exit.exitCode === 0) {
      await this.setStatus(r, { state: 'TASK_COMPLETE', message: exit.message, error: '', exitCode: 0 });
    } else {
      await this.setStatus(r, { state: 'TASK_FAILED', message: exit.message, error: exit.message, exitCode: exit.exitCode });
    }
    const h = r.rec.handle;
    if (h) await this.opts.executors.get(h.runtime)?.cleanup(h).catch(() => undefined);
  }

  // ---------------------------------------------------------------------------- probes

  /**
   * Starts the run's probes. `elapsedMs` null: the initial delay counts from now (a fresh run);
   * an adopted run passes how long it has been running, which is taken off the initial delay.
   */
  private startProbes(r: Runner, ex: Executor, h: RunHandle, elapsedMs: number | null): void {
    this.stopProbes(r);
    const spec = r.rec.task.spec;
    if (!spec?.liveness && !spec?.readiness) return;
    const probes: RunProbes = { handle: h, liveness: null, readiness: null };
    const log = this.opts.log;
    const task = r.rec.task.id;
    const starts: (() => void)[] = [];
    for (const kind of ['liveness', 'readiness'] as const) {
      const p = spec[kind];
      if (!p) continue;
      const settings = probeSettings(p);
      const runner = new ProbeRunner({
        kind,
        settings,
        check: checkOf(p, { executor: ex, handle: h }),
        scheduler: this.scheduler,
        // An adopted run keeps the readiness it had: no flapping because the agent restarted.
        initiallyPassing: kind === 'readiness' ? r.rec.status.health?.ready === true : true,
        onTransition: (t) => (kind === 'readiness' ? this.onReadiness(r, probes, t) : this.onLiveness(r, probes, t)),
        onResult: (res, st) => {
          if (!res.ok) log.debug({ task, probe: kind, result: res.text, failures: st.consecutiveFailures }, 'probe failed');
          if (kind === 'readiness' && !res.ok) this.onNotReadyResult(r, probes, res.text);
        },
      });
      probes[kind] = runner;
      const delay = elapsedMs === null ? settings.initialDelayMs : Math.max(0, settings.initialDelayMs - elapsedMs);
      starts.push(() => runner.start(delay));
    }
    r.probes = probes;
    for (const start of starts) start();
  }

  /** After an agent restart: the health this task should have now, reported if it differs, then its probes. */
  private async adoptProbes(r: Runner, ex: Executor, h: RunHandle): Promise<void> {
    const fresh = initialHealth(r.rec.task);
    const cur = r.rec.status.health;
    // A readiness probe's verdict survives the restart; everything else starts over.
    const keep = !!cur && !!r.rec.task.spec?.readiness && cur.lastProbeResult !== NO_READINESS_PROBE;
    if (!keep && JSON.stringify(cur) !== JSON.stringify(fresh)) {
      r.rec.status = { ...r.rec.status, health: fresh };
      await this.opts.state.putTask(r.rec);
      this.opts.report(r.rec.status);
    }
    // Initial delays count from the run's start, not from the adoption.
    this.startProbes(r, ex, h, Math.max(0, this.scheduler.now() - h.startedAtMs));
  }

  private stopProbes(r: Runner): void {
    r.probes?.liveness?.stop();
    r.probes?.readiness?.stop();
    r.probes = null;
  }

  /** The run is over (or going): not ready any more. Reported with the status that follows, not on its own. */
  private notReady(r: Runner, why: string): void {
    const h = r.rec.status.health;
    if (h?.ready) r.rec.status = { ...r.rec.status, health: { ready: false, lastProbeResult: why, lastProbeMs: h.lastProbeMs } };
  }

  /** Readiness flipped: report the new health (the status stays RUNNING). */
  private onReadiness(r: Runner, probes: RunProbes, t: ProbeTransition): void {
    r.chain = r.chain
      .then(async () => {
        if (r.probes !== probes || this.closed || r.forgotten || r.stopping || r.state !== 'TASK_RUNNING') return;
        r.rec.status = { ...r.rec.status, health: { ready: t.passing, lastProbeResult: t.result.text, lastProbeMs: t.atMs } };
        await this.opts.state.putTask(r.rec);
        this.opts.log.info({ task: r.rec.task.id, ready: t.passing, result: t.result.text }, t.passing ? 'task ready' : 'task not ready');
        this.opts.report(r.rec.status);
      })
      .catch((e: Error) => this.opts.log.error({ task: r.rec.task.id, err: e.message }, 'readiness report failed'));
  }

  /**
   * The first failing check of a task that was never ready replaces "waiting for the first probe"
   * with the reason ("connect ECONNREFUSED ..."), so people see why it is not ready. Once: later
   * failures change nothing until readiness flips (never a report per check).
   */
  private onNotReadyResult(r: Runner, probes: RunProbes, text: string): void {
    const h = r.rec.status.health;
    if (!h || h.ready || h.lastProbeResult !== WAITING_FOR_FIRST_PROBE) return;
    r.chain = r.chain
      .then(async () => {
        const cur = r.rec.status.health;
        if (r.probes !== probes || this.closed || r.forgotten || r.stopping || r.state !== 'TASK_RUNNING' || !cur || cur.ready || cur.lastProbeResult !== WAITING_FOR_FIRST_PROBE) return;
        r.rec.status = { ...r.rec.status, health: { ready: false, lastProbeResult: text, lastProbeMs: this.scheduler.now() } };
        await this.opts.state.putTask(r.rec);
        this.opts.report(r.rec.status);
      })
      .catch((e: Error) => this.opts.log.error({ task: r.rec.task.id, err: e.message }, 'readiness report failed'));
  }

  /** Liveness failed: stop the run and report it failed (the orchestrator decides about a restart). */
  private onLiveness(r: Runner, probes: RunProbes, t: ProbeTransition): void {
    if (t.passing) return; // liveness never comes back: the runner stops at its first failure verdict
    r.chain = r.chain
      .then(async () => {
        if (r.probes !== probes || this.closed || r.forgotten || r.stopping || r.state !== 'TASK_RUNNING') return;
        this.stopProbes(r);
        const h = probes.handle;
        const ex = this.opts.executors.get(h.runtime)!;
        const message = `liveness probe failed ${t.consecutive} times: ${t.result.text}`;
        this.opts.log.warn({ task: r.rec.task.id, result: t.result.text }, 'liveness probe failed: stopping the task');
        try {
          await ex.stop(h, this.opts.stopGraceMs);
        } catch (e) {
          this.opts.log.error({ task: r.rec.task.id, err: (e as Error).message }, 'could not stop a task whose liveness probe failed');
        }
        // The run is gone now, so its exit is known at once (bounded anyway: an adopted run is polled).
        const exit = await Promise.race([ex.wait(h).catch(() => null), new Promise<null>((res) => setTimeout(() => res(null), 2000).unref())]);
        r.rec.status = { ...r.rec.status, health: { ready: false, lastProbeResult: message, lastProbeMs: t.atMs } };
        await this.setStatus(r, { state: 'TASK_FAILED', message, error: t.result.text, exitCode: exit?.exitCode ?? -1 });
        // The exit watcher finds the task terminal and leaves it alone: clean up here.
        await ex.cleanup(h).catch(() => undefined);
      })
      .catch((e: Error) => this.opts.log.error({ task: r.rec.task.id, err: e.message }, 'liveness failure handling failed'));
  }

  private async setStatus(r: Runner, s: Omit<TaskStatus, 'timestampMs'>): Promise<void> {
    r.rec.status = { ...r.rec.status, status: { ...s, timestampMs: Date.now() } };
    await this.opts.state.putTask(r.rec);
    this.opts.log.info({ task: r.rec.task.id, state: s.state, msg: s.message, err: s.error || undefined }, 'task state');
    this.opts.report(r.rec.status);
  }

  /** Stops managing (the runs keep going: a restarted agent adopts them). */
  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.runners.values()) this.stopProbes(r);
    await Promise.all([...[...this.runners.values()].map((r) => r.chain), ...this.forgetting]);
  }
}
