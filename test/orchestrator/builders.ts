// Builders for nodes, services and tasks, and a tiny simulated cluster (store + scheduler + agents)
// that applies reconcile actions the way the store would. Deterministic: time and ids are explicit.
import { expect } from 'vitest';
import type { ReconcileActions, ReconcileInput } from '../../src/orchestrator/actions.js';
import { reconcileService } from '../../src/orchestrator/index.js';
import { withNewSpec } from '../../src/orchestrator/revisions.js';
import { decode, encode } from '../../src/proto/load.js';
import type { Node, Service, Task } from '../../src/store/types.js';

type RestartPolicy = NonNullable<NonNullable<Task['spec']>['restartPolicy']>;

export interface NodeOpts {
  hostname?: string;
  state?: NonNullable<Node['status']>['state'];
  availability?: NonNullable<Node['spec']>['availability'];
  role?: NonNullable<Node['spec']>['role'];
  labels?: Record<string, string>;
}

export function node(id: string, o: NodeOpts = {}): Node {
  return {
    id,
    meta: { version: 1, createdAtMs: 0, updatedAtMs: 0 },
    spec: { labels: o.labels ?? {}, availability: o.availability ?? 'NODE_ACTIVE', role: o.role ?? 'NODE_WORKER' },
    hostname: o.hostname ?? id,
    address: '',
    resources: { milliCpus: 4000, memoryBytes: 8 * 2 ** 30 },
    runtimes: ['process'],
    status: { state: o.state ?? 'NODE_READY', message: '', sinceMs: 0 },
  };
}

export function nodeMap(...nodes: Node[]): Map<string, Node> {
  return new Map(nodes.map((n) => [n.id, n]));
}

export interface ServiceOpts {
  id?: string;
  replicas?: number;
  global?: boolean;
  specVersion?: number;
  restart?: Partial<RestartPolicy>;
  parallelism?: number;
  constraints?: string[];
  command?: string;
  update?: Partial<NonNullable<NonNullable<Service['spec']>['update']>>;
}

/** A normalized service spec (defaults filled, as normalizeServiceSpec leaves it). */
export function service(o: ServiceOpts = {}): Service {
  const restartPolicy: RestartPolicy = { condition: 'RESTART_ANY', delayMs: 5_000, maxAttempts: 0, windowMs: 0, ...o.restart };
  const update = { parallelism: o.parallelism ?? 1, delayMs: 0, order: 'UPDATE_STOP_FIRST', failureAction: 'UPDATE_PAUSE', monitorMs: 0, maxFailureRatio: 0, canary: 0, autoPromote: false, ...o.update } as const;
  return {
    id: o.id ?? 'svc1',
    meta: { version: 1, createdAtMs: 0, updatedAtMs: 0 },
    spec: {
      name: 'web',
      namespace: 'default',
      labels: {},
      ...(o.global ? { mode: 'global' as const, global: {} } : { mode: 'replicated' as const, replicated: { replicas: o.replicas ?? 1 } }),
      task: {
        runtime: 'process',
        process: { command: o.command ?? 'sleep', args: ['1000'], env: {}, workdir: '' },
        reservations: null,
        limits: null,
        restartPolicy,
        placement: o.constraints ? { constraints: o.constraints, preferences: [], maxReplicasPerNode: 0 } : null,
        ports: [],
        liveness: null,
        readiness: null,
      },
      update: { ...update },
      rollback: { ...update, failureAction: 'UPDATE_PAUSE', canary: 0, autoPromote: false },
      rebalance: 'REBALANCE_MANUAL',
    },
    previousSpec: null,
    specVersion: o.specVersion ?? 1,
    updateStatus: null,
    revision: 1,
    history: [],
    lastSpecVersion: o.specVersion ?? 1,
    specWrittenVersion: 0,
  };
}

/** The same service with a changed spec (spec_version + 1), as the API's updateService makes it. */
export function withSpec(s: Service, change: (spec: NonNullable<Service['spec']>) => void, nowMs = 0): Service {
  const spec = structuredClone(s.spec!);
  change(spec);
  return withNewSpec(s, spec, false, nowMs);
}

export interface TaskOpts {
  id: string;
  slot?: number;
  nodeId?: string;
  serviceId?: string;
  specVersion?: number;
  state?: NonNullable<Task['status']>['state'];
  message?: string;
  desired?: Task['desiredState'];
  createdAtMs?: number;
  restartsMs?: number[];
  shutdownReason?: string;
}

export function task(o: TaskOpts): Task {
  return {
    id: o.id,
    meta: { version: 1, createdAtMs: o.createdAtMs ?? 0, updatedAtMs: o.createdAtMs ?? 0 },
    serviceId: o.serviceId ?? 'svc1',
    slot: o.slot ?? 1,
    nodeId: o.nodeId ?? '',
    specVersion: o.specVersion ?? 1,
    spec: service().spec!.task,
    desiredState: o.desired ?? 'TASK_RUNNING',
    status: { state: o.state ?? 'TASK_RUNNING', timestampMs: o.createdAtMs ?? 0, message: o.message ?? '', error: '', exitCode: 0 },
    ports: [],
    health: null,
    restartsMs: o.restartsMs ?? [],
    notBeforeMs: 0,
    shutdownReason: o.shutdownReason ?? '',
  };
}

/** Ids t1, t2, ... from a counter that the caller may start anywhere. */
export function idGen(prefix = 'new', start = 1): () => string {
  let n = start;
  return () => `${prefix}${String(n++).padStart(4, '0')}`;
}

export function input(svc: Service, tasks: Task[], nodes: Map<string, Node>, nowMs: number, o: { limit?: number; newId?: () => string } = {}): ReconcileInput {
  return { service: svc, tasks, nodes, nowMs, taskHistoryLimit: o.limit ?? 5, newId: o.newId ?? idGen() };
}

/** Applies actions to a task list as the store would (version checks, meta stamps). */
export function applyActions(tasks: readonly Task[], a: ReconcileActions, nowMs: number): Task[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  for (const t of a.create) {
    expect(byId.has(t.id), `expected created task id ${t.id} to be new`).toBe(false);
    byId.set(t.id, { ...t, meta: { version: 1, createdAtMs: nowMs, updatedAtMs: nowMs } });
  }
  for (const t of a.update) {
    const cur = byId.get(t.id);
    expect(cur, `expected updated task ${t.id} to exist in the store`).toBeDefined();
    expect(t.meta?.version, `expected the update of task ${t.id} to carry the version it read`).toBe(cur!.meta!.version);
    byId.set(t.id, { ...t, meta: { ...cur!.meta!, version: cur!.meta!.version + 1, updatedAtMs: nowMs } });
  }
  for (const id of a.remove) {
    expect(byId.has(id), `expected removed task ${id} to exist in the store`).toBe(true);
    byId.delete(id);
  }
  return [...byId.values()];
}

/** Round trip through the protobuf encoding the store persists: what a new leader reads. */
export function stored(tasks: readonly Task[]): Task[] {
  return tasks.map((t) => decode<Task>('baton.v1.Task', encode('baton.v1.Task', t)));
}

export function countActions(a: ReconcileActions): number {
  return a.create.length + a.update.length + a.remove.length;
}

export function describeActions(a: ReconcileActions): string {
  return JSON.stringify({
    create: a.create.map((t) => `${t.id}@slot${t.slot}/${t.nodeId || '-'}`),
    update: a.update.map((t) => `${t.id}:${t.desiredState}:${t.shutdownReason}`),
    remove: a.remove,
    wakeAtMs: a.wakeAtMs,
  });
}

/**
 * A simulated cluster: the store (tasks), the nodes, a clock, and stand-ins for the scheduler
 * (places PENDING tasks whose delay is over on READY ACTIVE nodes, round robin, or on their own
 * node) and the agents (start assigned tasks, stop tasks told to stop unless their node is DOWN).
 */
export class SimCluster {
  tasks: Task[] = [];
  nowMs = 1_000_000;
  readonly newId = idGen('t');
  private rr = 0;
  constructor(
    public service: Service,
    public nodes: Map<string, Node>,
    public historyLimit = 5,
  ) {}

  reconcile(): ReconcileActions {
    const a = reconcileService({ service: this.service, tasks: this.tasks, nodes: this.nodes, nowMs: this.nowMs, taskHistoryLimit: this.historyLimit, newId: this.newId });
    this.tasks = applyActions(this.tasks, a, this.nowMs);
    if (a.service) {
      expect(a.service.meta?.version, 'expected the service write to carry the version it read').toBe(this.service.meta!.version);
      this.service = { ...a.service, meta: { ...a.service.meta!, version: a.service.meta!.version + 1, updatedAtMs: this.nowMs } };
    }
    return a;
  }

  /** A user's update of the service spec (as the API makes it). */
  updateSpec(change: (spec: NonNullable<Service['spec']>) => void): void {
    this.service = { ...withSpec(this.service, change, this.nowMs), meta: { ...this.service.meta!, version: this.service.meta!.version + 1 } };
  }

  /** Reports a task's readiness (as an agent's probe would). */
  setReady(id: string, ready: boolean): void {
    this.tasks = this.tasks.map((t) => (t.id === id ? { ...t, health: { ready, lastProbeResult: ready ? 'ok' : 'not ready', lastProbeMs: this.nowMs } } : t));
  }

  /** A leader change: the next reconcile starts from what the store persisted, nothing else. */
  leaderChange(): void {
    this.tasks = stored(this.tasks);
    this.service = decode<Service>('baton.v1.Service', encode('baton.v1.Service', this.service));
  }

  setStatus(id: string, state: NonNullable<Task['status']>['state'], message = ''): void {
    this.tasks = this.tasks.map((t) => (t.id === id ? { ...t, status: { ...t.status!, state, message, timestampMs: this.nowMs } } : t));
  }

  /** Scheduler + agents, once. */
  schedulerAndAgents(): void {
    const ready = [...this.nodes.values()].filter((n) => n.status?.state === 'NODE_READY' && n.spec?.availability === 'NODE_ACTIVE').sort((a, b) => (a.id < b.id ? -1 : 1));
    this.tasks = this.tasks.map((t) => {
      const s = t.status!.state;
      const node = this.nodes.get(t.nodeId);
      if (t.desiredState === 'TASK_RUNNING' && s === 'TASK_PENDING' && t.notBeforeMs <= this.nowMs) {
        const target = t.nodeId ? ready.find((n) => n.id === t.nodeId) : ready[this.rr++ % Math.max(1, ready.length)];
        if (!target) return t;
        return { ...t, nodeId: target.id, status: { ...t.status!, state: 'TASK_RUNNING', message: 'started' } };
      }
      if (t.desiredState !== 'TASK_RUNNING' && !['TASK_COMPLETE', 'TASK_SHUTDOWN', 'TASK_FAILED', 'TASK_REJECTED', 'TASK_ORPHANED', 'TASK_REMOVE'].includes(s)) {
        if (t.nodeId === '' || !node || node.status?.state === 'NODE_DOWN') return t;
        return { ...t, status: { ...t.status!, state: 'TASK_SHUTDOWN', message: 'stopped' } };
      }
      return t;
    });
  }

  /** Reconcile, schedule and run until nothing changes (bounded). Returns the number of rounds. */
  settle(maxRounds = 50): number {
    for (let i = 1; i <= maxRounds; i++) {
      const before = JSON.stringify(this.tasks);
      this.reconcile();
      this.schedulerAndAgents();
      if (JSON.stringify(this.tasks) === before) return i;
    }
    throw new Error(`expected the simulated cluster to settle within ${maxRounds} rounds`);
  }

  desiredRunning(): Task[] {
    return this.tasks.filter((t) => t.desiredState === 'TASK_RUNNING').sort((a, b) => a.slot - b.slot || (a.nodeId < b.nodeId ? -1 : 1));
  }

  inSlot(slot: number): Task[] {
    return this.tasks.filter((t) => t.slot === slot);
  }

  currentOfSlot(slot: number): Task | undefined {
    return this.tasks.find((t) => t.slot === slot && t.desiredState === 'TASK_RUNNING');
  }

  onNode(nodeId: string): Task[] {
    return this.tasks.filter((t) => t.nodeId === nodeId);
  }
}
