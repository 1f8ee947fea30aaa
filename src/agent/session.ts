// The agent's end of the dispatcher session: connects to a manager, follows the leader (a
// follower refuses with UNAVAILABLE naming it), registers, heartbeats with jitter, passes
// assignments to the task manager and sends status updates in batches. While no manager can be
// reached it keeps trying with back-off; the tasks keep running meanwhile.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { CHANNEL_OPTIONS, grpcProtos } from '../api/grpc_util.js';
import type { DispatcherClient } from '../gen/baton/v1/Dispatcher';
import type { Task } from '../store/types.js';
import type { ManagerMessage, RegisterWorker, TaskStatusUpdate, WorkerMessage } from './types.js';

export interface SessionOptions {
  managers: string[];
  log: Logger;
  /** The registration (node id filled in from the agent's state). */
  registration(): RegisterWorker;
  onRegistered(nodeId: string, managers: string[]): Promise<void>;
  onAssignments(tasks: Task[], removed: string[], full: boolean, lastPage: boolean): void;
  /** Every task's status, sent after each registration. */
  statuses(): TaskStatusUpdate[];
  /** Deterministic jitter in tests; Math.random otherwise. */
  random?: () => number;
}

const MAX_BACKOFF_MS = 2_000;
const STATUS_BATCH = 500;

export class WorkerSession {
  private managers: string[];
  private next = 0;
  private preferred: string | null = null;
  private call: grpc.ClientDuplexStream<WorkerMessage, ManagerMessage> | null = null;
  private client: DispatcherClient | null = null;
  private stopped = false;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private lastHeardMs = 0;
  private periodMs = 1000;
  private readonly outbox = new Map<string, TaskStatusUpdate>();
  private failures = 0;
  /** The manager this session is registered with, or null. */
  connectedTo: string | null = null;
  private readyListeners: (() => void)[] = [];

  constructor(private readonly opts: SessionOptions) {
    this.managers = [...opts.managers];
  }

  start(): void {
    this.connect();
  }

  /** Resolves once registered with a leader (bounded by the caller). */
  registered(): Promise<void> {
    if (this.connectedTo) return Promise.resolve();
    return new Promise((r) => this.readyListeners.push(r));
  }

  /** Queues a status update (the latest per task wins) and sends at once when connected. */
  report(u: TaskStatusUpdate): void {
    this.outbox.set(u.taskId, u);
    this.flush();
  }

  private flush(): void {
    if (!this.call || !this.connectedTo || this.outbox.size === 0) return;
    const all = [...this.outbox.values()];
    this.outbox.clear();
    for (let i = 0; i < all.length; i += STATUS_BATCH) this.call.write({ statuses: { updates: all.slice(i, i + STATUS_BATCH) } });
  }

  private pick(): string {
    if (this.preferred) {
      const p = this.preferred;
      this.preferred = null;
      return p;
    }
    const a = this.managers[this.next % this.managers.length]!;
    this.next++;
    return a;
  }

  private connect(): void {
    if (this.stopped) return;
    const address = this.pick();
    this.client?.close();
    const Dispatcher = grpcProtos().baton.v1.Dispatcher;
    const client = new Dispatcher(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS) as unknown as DispatcherClient;
    this.client = client;
    const call = client.Session();
    this.call = call;
    let done = false;
    const end = (why: string, leaderHint: string | null) => {
      if (done) return;
      done = true;
      if (this.call === call) this.call = null;
      const was = this.connectedTo;
      this.connectedTo = null;
      this.clearTimers();
      call.cancel();
      if (this.stopped) return;
      if (leaderHint && leaderHint !== address) {
        this.preferred = leaderHint;
        this.failures = 0;
      } else {
        this.failures++;
      }
      const delay = leaderHint ? 0 : Math.min(MAX_BACKOFF_MS, 50 * 2 ** Math.min(this.failures, 6));
      this.opts.log.info({ manager: address, reason: why, next: leaderHint ?? undefined, retryInMs: delay, wasConnected: !!was }, 'dispatcher session ended');
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
    call.on('data', (m: ManagerMessage) => {
      this.lastHeardMs = Date.now();
      if (m.msg === 'registered') {
        const r = m.registered!;
        this.periodMs = Number(r.heartbeatPeriodMs) || 1000;
        if (r.managers.length > 0) this.managers = [...new Set([...r.managers, ...this.opts.managers])];
        this.opts.onRegistered(r.nodeId, r.managers).then(
          () => {
            this.connectedTo = address;
            this.failures = 0;
            this.opts.log.info({ manager: address, workerNode: r.nodeId }, 'registered with the leader');
            for (const u of this.opts.statuses()) if (!this.outbox.has(u.taskId)) this.outbox.set(u.taskId, u);
            this.flush();
            this.startHeartbeats(call, end);
            for (const l of this.readyListeners.splice(0)) l();
          },
          (e: Error) => end(`could not record the node id: ${e.message}`, null),
        );
      } else if (m.msg === 'assignments') {
        const a = m.assignments!;
        this.opts.onAssignments(a.tasks, a.removed, a.full, a.lastPage);
      } else if (m.msg === 'heartbeatAck') {
        this.periodMs = Number(m.heartbeatAck!.heartbeatPeriodMs) || this.periodMs;
      }
    });
    call.on('error', (e: grpc.ServiceError) => {
      const hint = /leader is \d+ at (\S+?)[\s;)]/.exec(e.details ?? '')?.[1] ?? null;
      end(e.details || e.message, hint && hint !== '?' ? hint : null);
    });
    call.on('end', () => end('the manager closed the session', null));
    call.write({ register: this.opts.registration() });
  }

  private startHeartbeats(call: grpc.ClientDuplexStream<WorkerMessage, ManagerMessage>, end: (why: string, hint: string | null) => void): void {
    this.clearTimers();
    const rnd = this.opts.random ?? Math.random;
    const beat = () => {
      if (this.call !== call) return;
      call.write({ heartbeat: {} });
      // Jitter: 80-100% of the period, so that many workers do not beat in step.
      this.heartbeatTimer = setTimeout(beat, Math.floor(this.periodMs * (0.8 + 0.2 * rnd())));
    };
    beat();
    // A leader that stopped answering (frozen, partitioned) is left after three periods.
    this.watchdog = setInterval(() => {
      if (Date.now() - this.lastHeardMs > 3 * this.periodMs) end(`no answer from the manager for ${Date.now() - this.lastHeardMs} ms`, null);
    }, this.periodMs);
  }

  private clearTimers(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.heartbeatTimer = this.watchdog = this.retryTimer = null;
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.call?.cancel();
    this.call = null;
    this.client?.close();
    this.client = null;
  }
}
