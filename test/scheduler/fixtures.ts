// Builders for the nodes and tasks the scheduler tests place: complete generated objects (every
// field the __Output types require), with only what a test cares about given.
import type { Node, Task } from '../../src/store/types.js';
import type { PlacementResult } from '../../src/scheduler/placement.js';

type TaskSpec = NonNullable<Task['spec']>;
type PortSpec = TaskSpec['ports'][number];
type AssignedPort = Task['ports'][number];
type NodeSpec = NonNullable<Node['spec']>;

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

export interface NodeOptions {
  hostname?: string;
  state?: NonNullable<Node['status']>['state'];
  availability?: NodeSpec['availability'];
  role?: NodeSpec['role'];
  labels?: Record<string, string>;
  runtimes?: string[];
  /** Thousandths of a CPU; 0: not reported. */
  milliCpus?: number;
  /** 0: not reported. */
  memoryBytes?: number;
}

export function node(id: string, o: NodeOptions = {}): Node {
  return {
    id,
    meta: { version: 1, createdAtMs: 0, updatedAtMs: 0 },
    spec: { labels: o.labels ?? {}, availability: o.availability ?? 'NODE_ACTIVE', role: o.role ?? 'NODE_WORKER' },
    hostname: o.hostname ?? id,
    address: '127.0.0.1:0',
    resources: { milliCpus: o.milliCpus ?? 0, memoryBytes: o.memoryBytes ?? 0 },
    runtimes: o.runtimes ?? ['process', 'runc'],
    status: { state: o.state ?? 'NODE_READY', message: '', sinceMs: 0 },
  };
}

export interface TaskOptions {
  service?: string;
  specVersion?: number;
  slot?: number;
  /** Set for placed tasks and for pending tasks pinned to a node (global services). */
  nodeId?: string;
  runtime?: 'process' | 'container';
  milliCpus?: number;
  memoryBytes?: number;
  constraints?: string[];
  spread?: string[];
  maxPerNode?: number;
  ports?: Partial<PortSpec>[];
  assignedPorts?: Partial<AssignedPort>[];
  notBeforeMs?: number;
  state?: NonNullable<Task['status']>['state'];
}

export function task(id: string, o: TaskOptions = {}): Task {
  const runtime = o.runtime ?? 'process';
  const spec: TaskSpec = {
    runtime,
    ...(runtime === 'process'
      ? { process: { command: 'sleep', args: ['1000'], env: {}, workdir: '' } }
      : { container: { image: 'busybox', command: [], args: [], env: {}, workdir: '' } }),
    reservations: { milliCpus: o.milliCpus ?? 0, memoryBytes: o.memoryBytes ?? 0 },
    limits: null,
    restartPolicy: null,
    placement: {
      constraints: o.constraints ?? [],
      preferences: (o.spread ?? []).map((spreadLabel) => ({ spreadLabel })),
      maxReplicasPerNode: o.maxPerNode ?? 0,
    },
    ports: (o.ports ?? []).map((p) => ({ name: '', protocol: 'PORT_TCP', targetPort: 80, publishedPort: 0, ...p })),
    liveness: null,
    readiness: null,
  };
  return {
    id,
    meta: { version: 1, createdAtMs: 0, updatedAtMs: 0 },
    serviceId: o.service ?? 'svc',
    slot: o.slot ?? 0,
    nodeId: o.nodeId ?? '',
    specVersion: o.specVersion ?? 1,
    spec,
    desiredState: 'TASK_RUNNING',
    status: { state: o.state ?? (o.nodeId ? 'TASK_RUNNING' : 'TASK_PENDING'), timestampMs: 0, message: '', error: '', exitCode: 0 },
    ports: (o.assignedPorts ?? []).map((p) => ({ name: '', targetPort: 80, hostPort: 0, ...p })),
    health: null,
    restartsMs: [],
    notBeforeMs: o.notBeforeMs ?? 0,
    shutdownReason: '',
  };
}

/** n pending tasks of one service, ids prefix-1..prefix-n, slots 1..n. */
export function tasks(n: number, prefix: string, o: TaskOptions = {}): Task[] {
  return Array.from({ length: n }, (_, i) => task(`${prefix}-${i + 1}`, { slot: i + 1, ...o }));
}

/** How many tasks the result assigned to each node (nodes with none are absent). */
export function perNode(r: PlacementResult): Record<string, number> {
  const m: Record<string, number> = {};
  for (const a of r.assigned) m[a.nodeId] = (m[a.nodeId] ?? 0) + 1;
  return m;
}
