// What the leader-only controllers (dispatcher, scheduler, orchestrators) build on: the replicated
// object store as they see it (read the applied state, watch changes, commit transactions through
// Raft), and the loop that runs a reconcile pass whenever something changed, at a requested time,
// and periodically anyway (level-triggered: a missed event is repaired by the next resync).
import type { Logger } from 'pino';
import type { ObjectEvent, ObjectStore } from './object_store.js';
import type { StoreOp, StoreTxResult } from './types.js';

export interface ClusterState {
  readonly objects: ObjectStore;
  /** Calls cb for every applied object change from now on; returns the unsubscribe function. */
  watch(cb: (e: ObjectEvent) => void): () => void;
  /** Proposes one transaction; resolves once applied here. A refused tx has result.errorCode set. */
  commit(ops: StoreOp[]): Promise<StoreTxResult>;
  /** The clock controllers use (injected in tests). */
  nowMs(): number;
}

/** Ops per transaction a controller proposes at most (keeps every Raft entry well under 1 MiB). */
export const MAX_OPS_PER_TX = 200;

/** Commits ops in transactions of at most MAX_OPS_PER_TX; returns how many transactions were refused. */
export async function commitInChunks(state: ClusterState, ops: StoreOp[]): Promise<{ refused: number; errors: string[] }> {
  let refused = 0;
  const errors: string[] = [];
  for (let i = 0; i < ops.length; i += MAX_OPS_PER_TX) {
    const r = await state.commit(ops.slice(i, i + MAX_OPS_PER_TX));
    if (r.errorCode) {
      refused++;
      errors.push(r.error);
    }
  }
  return { refused, errors };
}

export interface LoopOptions {
  name: string;
  log: Logger;
  /** Reconcile anyway this often (ms). */
  resyncMs: number;
  /** Wait this long after a failed pass before the next (ms). */
  retryMs?: number;
}

/**
 * Runs `pass` one at a time: after kick(), at the time a pass asked for (its return value, 0 for
 * none), every resyncMs, and again after a failure. Kicks that arrive during a pass coalesce into
 * one more pass.
 */
export class ControllerLoop {
  private dirty = false;
  private running: Promise<void> | null = null;
  private stopped = true;
  private wakeTimer: NodeJS.Timeout | null = null;
  private resyncTimer: NodeJS.Timeout | null = null;
  private kickTimer: NodeJS.Timeout | null = null;
  passes = 0;

  constructor(
    private readonly pass: () => Promise<number>,
    private readonly opts: LoopOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.resyncTimer = setInterval(() => this.kick(), this.opts.resyncMs);
    this.resyncTimer.unref();
    this.kick();
  }

  /** Asks for a pass soon (events arriving together share it). */
  kick(): void {
    if (this.stopped) return;
    this.dirty = true;
    if (this.running || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      this.running ??= this.drain();
    }, 5);
  }

  private async drain(): Promise<void> {
    // Bounded: each iteration consumes one kick; kicks during a pass cause at most one more.
    for (let i = 0; i < 1000 && this.dirty && !this.stopped; i++) {
      this.dirty = false;
      try {
        this.passes++;
        const wakeAt = await this.pass();
        if (wakeAt > 0) this.wakeAt(wakeAt);
      } catch (e) {
        this.opts.log.warn({ controller: this.opts.name, err: (e as Error).message }, 'reconcile pass failed; retrying');
        this.wakeAt(Date.now() + (this.opts.retryMs ?? 250));
      }
    }
    this.running = null;
    if (this.dirty && !this.stopped) this.kick();
  }

  private wakeAt(atMs: number): void {
    if (this.stopped) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.kick();
    }, Math.max(0, Math.min(atMs - Date.now(), 2 ** 31 - 1)));
    this.wakeTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of [this.wakeTimer, this.kickTimer]) if (t) clearTimeout(t);
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.wakeTimer = this.kickTimer = this.resyncTimer = null;
    await this.running;
  }
}

/**
 * A controller fed by store changes: from start() to stop() every event goes to onEvent, which
 * kicks the loop when the change matters, and the loop runs pass().
 */
export abstract class WatchingController {
  protected readonly loop: ControllerLoop;
  private unwatch: (() => void) | null = null;

  constructor(
    protected readonly state: ClusterState,
    protected readonly log: Logger,
    loop: Omit<LoopOptions, 'log'>,
  ) {
    this.loop = new ControllerLoop(() => this.pass(), { ...loop, log });
  }

  start(): void {
    this.unwatch = this.state.watch((e) => this.onEvent(e));
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.unwatch?.();
    this.unwatch = null;
    await this.loop.stop();
  }

  protected abstract onEvent(e: ObjectEvent): void;

  /** One reconcile pass; returns when to run again (0: no need). */
  abstract pass(): Promise<number>;
}
