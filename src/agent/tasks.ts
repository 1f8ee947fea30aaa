// The agent's task life cycle. For every task assigned to this node it drives the executor
// (accept, prepare, start, watch the exit, stop) and reports each state it reaches. The agent
// never restarts a task on its own: a task that ended is reported, and the orchestrator on the
// leader decides about a replacement (so restart limits live in one place, the store).
// Operations on one task are serialized; different tasks proceed independently.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { isTerminal } from '../store/task_states.js';
import type { Task } from '../store/types.js';
import type { Executor, ExitInfo, RunHandle, RuntimeName } from './executor/executor.js';
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
}

function runtimeOf(t: Task): RuntimeName {
  return t.spec?.runtime === 'container' ? 'runc' : 'process';
}

class Runner {
  chain: Promise<void> = Promise.resolve();
  stopping = false;
  forgotten = false;
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

  constructor(private readonly opts: TaskManagerOptions) {}

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
    r.chain = r.chain.then(async () => {
      const h = r.rec.handle;
      const ex = h ? this.opts.executors.get(h.runtime) : undefined;
      if (h && ex) {
        await ex.stop(h, this.opts.stopGraceMs).catch(() => undefined);
        await ex.remove(h).catch(() => undefined);
      }
      await this.opts.state.deleteTask(id);
      this.opts.log.info({ task: id }, 'task forgotten (no longer assigned)');
    });
  }

  private async reconcile(r: Runner): Promise<void> {
    if (this.closed || r.forgotten || isTerminal(r.state)) return;
    const t = r.rec.task;
    if (t.desiredState !== 'TASK_RUNNING') {
      const h = r.rec.handle;
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
    r.rec.status = { ...r.rec.status, ports: h.ports };
    // Beside the run's files, for operators and tools: which process is this task.
    await writeFile(path.join(h.dir, 'handle.json'), JSON.stringify(h)).catch(() => undefined);
    await this.setStatus(r, { state: 'TASK_RUNNING', message: `started (pid ${h.pid})`, error: '', exitCode: 0 });
    this.watchExit(r, ex, h);
  }

  private watchExit(r: Runner, ex: Executor, h: RunHandle): void {
    ex.wait(h).then(
      (exit) => {
        r.chain = r.chain.then(() => this.onExit(r, exit));
      },
      (e: Error) => this.opts.log.warn({ task: r.rec.task.id, err: e.message }, 'lost track of a task run'),
    );
  }

  private async onExit(r: Runner, exit: ExitInfo): Promise<void> {
    if (this.closed || r.forgotten || isTerminal(r.state)) return;
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

  private async setStatus(r: Runner, s: Omit<TaskStatus, 'timestampMs'>): Promise<void> {
    r.rec.status = { ...r.rec.status, status: { ...s, timestampMs: Date.now() } };
    await this.opts.state.putTask(r.rec);
    this.opts.log.info({ task: r.rec.task.id, state: s.state, msg: s.message, err: s.error || undefined }, 'task state');
    this.opts.report(r.rec.status);
  }

  /** Stops managing (the runs keep going: a restarted agent adopts them). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.runners.values()].map((r) => r.chain));
  }
}
