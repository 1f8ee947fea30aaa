// The leader's side of the worker sessions (Swarm's dispatcher). One bidirectional stream per
// worker: it registers (creating or refreshing its Node), heartbeats, and reports task status; the
// dispatcher answers with the tasks assigned to the node (the full set on connect, in pages, then
// changes). Status updates from every worker are merged and written in few transactions. A node
// whose heartbeats stop for the grace period is marked down (the orchestrators then replace its
// tasks); after a leader change every node gets the grace once more before that can happen.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { DispatcherHandlers } from '../gen/baton/v1/Dispatcher';
import type { ManagerMessage } from '../gen/baton/v1/ManagerMessage';
import type { RegisterWorker__Output } from '../gen/baton/v1/RegisterWorker';
import type { TaskStatusUpdate__Output } from '../gen/baton/v1/TaskStatusUpdate';
import type { WorkerMessage__Output } from '../gen/baton/v1/WorkerMessage';
import { encode } from '../proto/load.js';
import { type ClusterState, MAX_OPS_PER_TX } from '../store/controller.js';
import type { ObjectEvent } from '../store/object_store.js';
import type { Node, StoreObject, StoreOp, Task } from '../store/types.js';
import { newObjectId } from '../store/ids.js';
import { isTerminal, stateRank } from '../store/task_states.js';

export const DEFAULT_HEARTBEAT_GRACE_MS = 3_000;
/** An assignments message carries at most this many encoded bytes of tasks (gRPC allows 4 MiB). */
const MAX_PAGE_BYTES = 1024 * 1024;
/** Status updates are merged for this long before one transaction writes them. */
const STATUS_FLUSH_MS = 20;

export interface DispatcherOptions {
  log: Logger;
  /** True while this manager leads (sessions are refused otherwise). */
  isLeader(): boolean;
  /** Why this manager cannot take the session, naming the leader ("... leader is 7 at 10.0.0.2:4400 ..."). */
  notLeader(): string;
  /** True if the token is the cluster's current worker join token. */
  checkToken(token: string): boolean;
  /** Every manager's address, for the agents' failover list. */
  managers(): string[];
  heartbeatGraceMs?: number;
}

interface WorkerSession {
  nodeId: string;
  call: grpc.ServerDuplexStream<WorkerMessage__Output, ManagerMessage>;
  /** Desired state of every task the worker was told about (to send only real changes). */
  sent: Map<string, string>;
  changed: Set<string>;
  flushTimer: NodeJS.Timeout | null;
}

/** Tasks a worker must know about: given to its node by the scheduler (or later). */
function assignedTo(t: Task, nodeId: string): boolean {
  return t.nodeId === nodeId && t.status?.state !== 'TASK_PENDING' && t.status?.state !== 'TASK_NEW';
}

export class Dispatcher {
  private running = false;
  private readonly sessions = new Map<string, WorkerSession>();
  /** When each node was last heard from (ms); in memory only, refilled with grace on every start. */
  private readonly lastSeen = new Map<string, number>();
  private readonly pendingStatus = new Map<string, { nodeId: string; update: TaskStatusUpdate__Output }>();
  private statusTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private checker: NodeJS.Timeout | null = null;
  private unwatch: (() => void) | null = null;
  private markingDown = new Set<string>();
  private lastCheckMs = 0;

  private get checkEveryMs(): number {
    return Math.max(50, Math.floor(this.graceMs / 10));
  }

  constructor(
    private readonly state: ClusterState,
    private readonly opts: DispatcherOptions,
  ) {}

  private get graceMs(): number {
    const fromCluster = [...this.state.objects.clusters.values()][0]?.settings?.heartbeatGraceMs ?? 0;
    return fromCluster > 0 ? fromCluster : (this.opts.heartbeatGraceMs ?? DEFAULT_HEARTBEAT_GRACE_MS);
  }

  get heartbeatPeriodMs(): number {
    return Math.max(100, Math.floor(this.graceMs / 3));
  }

  /** Becomes the cluster's dispatcher (on winning leadership, once the store is up to date). */
  start(): void {
    if (this.running) return;
    this.running = true;
    const now = this.state.nowMs();
    // The grace once more for everyone: workers need time to find the new leader.
    for (const n of this.state.objects.nodes.values()) this.lastSeen.set(n.id, now + this.graceMs);
    this.unwatch = this.state.watch((e) => this.onEvent(e));
    this.lastCheckMs = now;
    this.checker = setInterval(() => this.checkHeartbeats(), this.checkEveryMs);
    this.checker.unref();
    this.opts.log.info({ graceMs: this.graceMs }, 'dispatcher started');
  }

  /** Stops on losing leadership: every session ends with UNAVAILABLE naming the new leader. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unwatch?.();
    this.unwatch = null;
    if (this.checker) clearInterval(this.checker);
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.checker = this.statusTimer = null;
    for (const s of [...this.sessions.values()]) this.endSession(s, grpc.status.UNAVAILABLE, `leadership moved: ${this.opts.notLeader()}`);
    this.pendingStatus.clear();
    this.lastSeen.clear();
    await this.flushing;
    this.opts.log.info({}, 'dispatcher stopped');
  }

  connectedNodes(): string[] {
    return [...this.sessions.keys()];
  }

  handlers(): DispatcherHandlers {
    return { Session: (call) => this.session(call) };
  }

  // ------------------------------------------------------------------ sessions

  private session(call: grpc.ServerDuplexStream<WorkerMessage__Output, ManagerMessage>): void {
    let s: WorkerSession | null = null;
    let registering = false;
    const fail = (code: grpc.status, details: string) => {
      call.emit('error', Object.assign(new Error(details), { code, details }));
    };
    call.on('data', (m: WorkerMessage__Output) => {
      if (!s) {
        if (registering) return;
        if (m.msg !== 'register') return fail(grpc.status.FAILED_PRECONDITION, 'the first message of a session must be register');
        if (!this.running || !this.opts.isLeader()) return fail(grpc.status.UNAVAILABLE, `not the leader: ${this.opts.notLeader()}`);
        if (!this.opts.checkToken(m.register!.token)) return fail(grpc.status.PERMISSION_DENIED, 'token: not the cluster\'s worker join token (see `baton token show worker`)');
        registering = true;
        this.register(call, m.register!).then(
          (sess) => {
            s = sess;
          },
          (e: Error) => fail(grpc.status.UNAVAILABLE, `registration failed: ${e.message}`),
        );
        return;
      }
      this.lastSeen.set(s.nodeId, this.state.nowMs());
      if (m.msg === 'heartbeat') {
        call.write({ heartbeatAck: { heartbeatPeriodMs: this.heartbeatPeriodMs } });
        const node = this.state.objects.nodes.get(s.nodeId);
        if (node && node.status?.state !== 'NODE_READY') void this.writeNodeStatus(s.nodeId, 'NODE_READY', 'heartbeat resumed');
      } else if (m.msg === 'statuses') {
        for (const u of m.statuses!.updates) this.pendingStatus.set(u.taskId, { nodeId: s.nodeId, update: u });
        this.scheduleStatusFlush();
      }
    });
    const cleanup = () => {
      if (s && this.sessions.get(s.nodeId) === s) this.sessions.delete(s.nodeId);
      if (s?.flushTimer) clearTimeout(s.flushTimer);
    };
    call.on('end', () => {
      cleanup();
      if (!call.writableEnded) call.end();
    });
    call.on('error', cleanup);
    call.on('close', cleanup);
  }

  private async register(call: WorkerSession['call'], r: RegisterWorker__Output): Promise<WorkerSession> {
    const objects = this.state.objects;
    let existing = r.nodeId ? (objects.nodes.get(r.nodeId) ?? null) : null;
    const nodeId = existing?.id ?? (r.nodeId || newObjectId());
    const now = this.state.nowMs();
    const status = { state: 'NODE_READY' as const, message: 'registered', sinceMs: now };
    const base = {
      id: nodeId,
      hostname: r.hostname,
      address: r.address,
      resources: r.resources ?? { milliCpus: 0, memoryBytes: 0 },
      runtimes: r.runtimes,
      status,
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      existing = objects.nodes.get(nodeId) ?? null;
      const node = existing
        ? ({ ...existing, ...base } as Node)
        : ({ ...base, meta: null, spec: { labels: { ...r.labels }, availability: 'NODE_ACTIVE', role: 'NODE_WORKER' } } as unknown as Node);
      const op: StoreOp = existing
        ? { kind: 'STORE_UPDATE', object: { object: 'node', node } as StoreObject, expectedVersion: existing.meta!.version }
        : { kind: 'STORE_CREATE', object: { object: 'node', node } as StoreObject, expectedVersion: 0 };
      const res = await this.state.commit([op]);
      if (!res.errorCode) break;
      if (attempt === 4) throw new Error(res.error);
    }
    if (!this.running) throw new Error(`not the leader: ${this.opts.notLeader()}`);
    const old = this.sessions.get(nodeId);
    if (old) this.endSession(old, grpc.status.ABORTED, 'a newer session of this node replaced this one');
    const s: WorkerSession = { nodeId, call, sent: new Map(), changed: new Set(), flushTimer: null };
    this.sessions.set(nodeId, s);
    this.lastSeen.set(nodeId, this.state.nowMs());
    call.write({ registered: { nodeId, heartbeatPeriodMs: this.heartbeatPeriodMs, managers: this.opts.managers() } });
    this.sendFull(s);
    this.opts.log.info({ workerNode: nodeId, hostname: r.hostname, address: r.address, reregistered: !!r.nodeId }, 'worker registered');
    return s;
  }

  private endSession(s: WorkerSession, code: grpc.status, details: string): void {
    if (this.sessions.get(s.nodeId) === s) this.sessions.delete(s.nodeId);
    if (s.flushTimer) clearTimeout(s.flushTimer);
    if (!s.call.writableEnded && !s.call.destroyed) s.call.emit('error', Object.assign(new Error(details), { code, details }));
  }

  /** The whole assignment set, in pages of at most MAX_PAGE_BYTES. */
  private sendFull(s: WorkerSession): void {
    const tasks = this.state.objects.tasksOfNode(s.nodeId).filter((t) => assignedTo(t, s.nodeId));
    let page: Task[] = [];
    let bytes = 0;
    const flush = (last: boolean) => {
      s.call.write({ assignments: { full: true, lastPage: last, tasks: page, removed: [] } });
      page = [];
      bytes = 0;
    };
    for (const t of tasks) {
      const size = encode('baton.v1.Task', t).length;
      if (page.length > 0 && bytes + size > MAX_PAGE_BYTES) flush(false);
      page.push(t);
      bytes += size;
      s.sent.set(t.id, t.desiredState);
    }
    flush(true);
  }

  private onEvent(e: ObjectEvent): void {
    if (e.object.object !== 'task') {
      // A node that was removed by the operator loses its session.
      if (e.object.object === 'node' && e.kind === 'delete') {
        const s = this.sessions.get(e.object.node!.id);
        if (s) this.endSession(s, grpc.status.PERMISSION_DENIED, 'this node was removed from the cluster');
      }
      return;
    }
    const t = e.object.task!;
    for (const s of this.sessions.values()) {
      const known = s.sent.has(t.id);
      const mine = e.kind !== 'delete' && assignedTo(t, s.nodeId);
      if (mine ? s.sent.get(t.id) !== t.desiredState || !known : known) {
        s.changed.add(t.id);
        if (!s.flushTimer) s.flushTimer = setTimeout(() => this.sendChanges(s), 2);
      }
    }
  }

  private sendChanges(s: WorkerSession): void {
    s.flushTimer = null;
    const tasks: Task[] = [];
    const removed: string[] = [];
    let bytes = 0;
    for (const id of s.changed) {
      const t = this.state.objects.tasks.get(id);
      if (t && assignedTo(t, s.nodeId)) {
        const size = encode('baton.v1.Task', t).length;
        if (tasks.length > 0 && bytes + size > MAX_PAGE_BYTES) {
          s.call.write({ assignments: { full: false, lastPage: true, tasks: tasks.splice(0), removed: [] } });
          bytes = 0;
        }
        tasks.push(t);
        bytes += size;
        s.sent.set(id, t.desiredState);
      } else if (s.sent.delete(id)) {
        removed.push(id);
      }
    }
    s.changed.clear();
    if (tasks.length > 0 || removed.length > 0) s.call.write({ assignments: { full: false, lastPage: true, tasks, removed } });
  }

  // ------------------------------------------------------------------ status updates

  private scheduleStatusFlush(): void {
    if (this.statusTimer || this.flushing) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.flushing = this.flushStatus().finally(() => {
        this.flushing = null;
        if (this.pendingStatus.size > 0 && this.running) this.scheduleStatusFlush();
      });
    }, STATUS_FLUSH_MS);
  }

  /** Writes the merged status updates; a transaction refused by a concurrent change is rebuilt from fresh state. */
  private async flushStatus(): Promise<void> {
    const batch = [...this.pendingStatus.entries()].slice(0, MAX_OPS_PER_TX);
    for (const [id] of batch) this.pendingStatus.delete(id);
    for (let attempt = 0; attempt < 5 && this.running; attempt++) {
      const ops: StoreOp[] = [];
      for (const [, { nodeId, update }] of batch) {
        const cur = this.state.objects.tasks.get(update.taskId);
        if (!cur || cur.nodeId !== nodeId) continue;
        const next = mergeStatus(cur, update);
        if (next) ops.push({ kind: 'STORE_UPDATE', object: { object: 'task', task: next } as StoreObject, expectedVersion: cur.meta!.version });
      }
      if (ops.length === 0) return;
      const res = await this.state.commit(ops);
      if (!res.errorCode) return;
      this.opts.log.debug({ err: res.error, attempt }, 'status batch refused; retrying with fresh state');
    }
  }

  // ------------------------------------------------------------------ heartbeats

  private checkHeartbeats(): void {
    if (!this.running) return;
    const now = this.state.nowMs();
    const grace = this.graceMs;
    // This process was frozen (SIGSTOP, a long stall): the silence it measured is its own, not
    // the workers'. Start every node's grace afresh instead of marking them all down; if it lost
    // leadership meanwhile it learns so before the grace ends.
    const since = now - this.lastCheckMs;
    this.lastCheckMs = now;
    if (since > Math.max(grace / 2, 4 * this.checkEveryMs)) {
      this.opts.log.warn({ stalledMs: since }, 'the dispatcher was stalled: heartbeat graces start again');
      for (const id of this.lastSeen.keys()) this.lastSeen.set(id, now);
      return;
    }
    for (const n of this.state.objects.nodes.values()) {
      if (n.status?.state !== 'NODE_READY') continue;
      const seen = this.lastSeen.get(n.id);
      if (seen === undefined) {
        this.lastSeen.set(n.id, now);
        continue;
      }
      if (now - seen > grace && !this.markingDown.has(n.id)) {
        this.markingDown.add(n.id);
        void this.writeNodeStatus(n.id, 'NODE_DOWN', `no heartbeat for ${now - seen} ms (grace ${grace} ms)`).finally(() => this.markingDown.delete(n.id));
      }
    }
  }

  private async writeNodeStatus(nodeId: string, state: 'NODE_READY' | 'NODE_DOWN', message: string): Promise<void> {
    for (let attempt = 0; attempt < 5 && this.running && this.opts.isLeader(); attempt++) {
      const cur = this.state.objects.nodes.get(nodeId);
      if (!cur || cur.status?.state === state) return;
      const node = { ...cur, status: { state, message, sinceMs: this.state.nowMs() } } as Node;
      const res = await this.state.commit([{ kind: 'STORE_UPDATE', object: { object: 'node', node } as StoreObject, expectedVersion: cur.meta!.version }]);
      if (!res.errorCode) {
        this.opts.log.info({ workerNode: nodeId, hostname: cur.hostname, state, reason: message }, state === 'NODE_DOWN' ? 'node marked down' : 'node ready again');
        return;
      }
    }
  }
}

/**
 * The task with the worker's report applied, or null if the report changes nothing or would move
 * the observed state backwards (a late report after a later one; nothing leaves a terminal state).
 */
export function mergeStatus(cur: Task, u: TaskStatusUpdate__Output): Task | null {
  const st = u.status;
  if (!st) return null;
  const from = cur.status?.state ?? 'TASK_NEW';
  if (isTerminal(from) && st.state !== from) return null;
  if (stateRank(st.state) < stateRank(from)) return null;
  const sameStatus = from === st.state && cur.status?.message === st.message && cur.status?.error === st.error;
  const healthChanged = !!u.health && JSON.stringify(u.health) !== JSON.stringify(cur.health);
  const portsChanged = u.ports.length > 0 && JSON.stringify(u.ports) !== JSON.stringify(cur.ports);
  if (sameStatus && !healthChanged && !portsChanged) return null;
  return {
    ...cur,
    status: st,
    ports: u.ports.length > 0 ? u.ports : cur.ports,
    health: u.health ?? cur.health,
  };
}
