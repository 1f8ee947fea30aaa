// The scheduler's placement decision: which node each pending task goes to, or why none can take
// it. Pure and deterministic: the same input gives the same output (no clock, no randomness; the
// caller passes nowMs; ties go to the smallest node id; the order of `pending` does not matter).
//
// Filters, in order; a node that cannot take a task is explained by the first one it fails:
//   1. node status READY
//   2. availability ACTIVE (pause and drain take nothing new)
//   3. runtime: task runtime 'process' needs "process" in node.runtimes, 'container' needs "runc"
//   4. placement constraints (constraints.ts)
//   5. resources: CPU, then memory (the reservations of the tasks on the node)
//   6. host ports: a published port conflicts with the same protocol/port held on the node
//   7. max_replicas_per_node (tasks of the same service on the node)
// Filters 1-4 depend only on the node and the spec; 5-7 also on what the node already holds, which
// includes the tasks assigned earlier in this same call.
//
// Scoring among the nodes that pass: placement preferences first (spread_label: the service's
// tasks are spread evenly over the label's values, nodes lacking the label form their own group,
// several preferences nest, as in Swarm; a group's count covers the nodes that pass filters 1-4),
// then fewest tasks of the same service on the node, then fewest tasks in total, then node id.
//
// Batching: tasks with the same service, spec version and placement-relevant spec share one
// "demand". Filters 1-4 run once per node per group; then tasks are assigned one by one, updating
// the counts. Filters 5-7 only get stricter as tasks are assigned (resources, ports and counts only
// grow within a call), so a node that fails one is dropped for the rest of the group. Placing N
// identical tasks on M nodes costs M constraint checks plus N*M counter comparisons.
// Tasks pinned to a node (global services) are placed first, since they have no alternative.
//
// Units: CPU in thousandths (milli_cpus), memory in bytes. A node reporting 0 CPU or 0 memory has
// not reported it: that resource is treated as unlimited on it. A reservation of 0 reserves nothing.
import type { Node, Task } from '../store/types.js';
import { type Constraint, describeNodeValue, firstUnmet, parseConstraint } from './constraints.js';

export interface PlacementInput {
  nodes: Node[];
  /**
   * Tasks that hold resources on nodes now: assigned (node_id set) and not in a terminal state
   * (COMPLETE, SHUTDOWN, FAILED, REJECTED, ORPHANED, REMOVE); the caller filters. place() counts
   * them for resources, host ports, spread and max-per-node.
   */
  placed: Task[];
  /**
   * Tasks to place: status PENDING, desired RUNNING. A task whose node_id is already set (global
   * services) may only go to that node: place() checks it fits and confirms it or says why not.
   */
  pending: Task[];
  /** Tasks with not_before_ms > nowMs are skipped (neither assigned nor unplaced). */
  nowMs: number;
}

export interface PlacementResult {
  assigned: { taskId: string; nodeId: string }[];
  /** Tasks no node can take now, with the reason for people. */
  unplaced: { taskId: string; reason: string }[];
  /** Earliest not_before_ms of a skipped task, or 0. */
  wakeAtMs: number;
}

type TaskSpec = NonNullable<Task['spec']>;

/** What a node holds now: the sums the dynamic filters and the scores read. */
interface NodeState {
  node: Node;
  /** 0: not reported, unlimited. */
  cpuCapacity: number;
  /** 0: not reported, unlimited. */
  memoryCapacity: number;
  cpuUsed: number;
  memoryUsed: number;
  /** Host ports in use, as portKey() ("PORT_TCP/8080"). */
  ports: Set<string>;
  tasksTotal: number;
  tasksByService: Map<string, number>;
}

/** What a group of identical tasks asks of a node. */
interface Demand {
  serviceId: string;
  /** The node runtime it needs ("process" or "runc"). */
  runtime: 'process' | 'runc';
  cpu: number;
  memory: number;
  constraints: Constraint[];
  spreadLabels: string[];
  /** 0: no limit. */
  maxPerNode: number;
  /** Published host ports, as portKey(). */
  ports: string[];
}

/** Why one node cannot take a demand (the first filter it fails). */
type Failure =
  | { kind: 'not_ready'; state: string }
  | { kind: 'paused' }
  | { kind: 'drained' }
  | { kind: 'runtime' }
  | { kind: 'constraint'; constraint: Constraint; seen: string }
  | { kind: 'cpu'; free: number }
  | { kind: 'memory'; free: number }
  | { kind: 'port'; port: string }
  | { kind: 'max_replicas' };

export function place(input: PlacementInput): PlacementResult {
  const result: PlacementResult = { assigned: [], unplaced: [], wakeAtMs: 0 };

  const nodes = input.nodes.map(newNodeState).sort((a, b) => compareStrings(a.node.id, b.node.id));
  const byId = new Map<string, NodeState>();
  for (const s of nodes) {
    if (byId.has(s.node.id)) throw new Error(`place: node ${s.node.id} appears twice in nodes`);
    byId.set(s.node.id, s);
  }
  // Tasks on nodes we do not know hold nothing we could count against.
  for (const t of input.placed) {
    const s = t.nodeId ? byId.get(t.nodeId) : undefined;
    if (s) hold(s, t);
  }

  const seenIds = new Set<string>();
  const ready: Task[] = [];
  for (const t of input.pending) {
    if (seenIds.has(t.id)) throw new Error(`place: task ${t.id} appears twice in pending`);
    seenIds.add(t.id);
    if (t.notBeforeMs > input.nowMs) {
      if (result.wakeAtMs === 0 || t.notBeforeMs < result.wakeAtMs) result.wakeAtMs = t.notBeforeMs;
    } else {
      ready.push(t);
    }
  }
  // A fixed order, so the result does not depend on the order of `pending`.
  ready.sort(compareTasks);
  if (nodes.length === 0) {
    for (const t of ready) result.unplaced.push({ taskId: t.id, reason: 'no nodes in the cluster' });
    return result;
  }
  const demands = new Map<string, Demand | string>();
  const pinned: { task: Task; key: string }[] = [];
  const groups = new Map<string, Task[]>();
  for (const t of ready) {
    const key = groupKey(t);
    if (!demands.has(key)) demands.set(key, demandOf(t));
    if (t.nodeId) pinned.push({ task: t, key });
    else if (groups.has(key)) groups.get(key)!.push(t);
    else groups.set(key, [t]);
  }

  // Tasks pinned to a node (global services) first: they have no alternative, the others do.
  for (const { task, key } of pinned) {
    const d = demands.get(key)!;
    if (typeof d === 'string') {
      result.unplaced.push({ taskId: task.id, reason: d });
      continue;
    }
    const s = byId.get(task.nodeId);
    if (!s) {
      result.unplaced.push({ taskId: task.id, reason: `its node ${task.nodeId} is not in the cluster` });
      continue;
    }
    const f = staticFailure(s, d) ?? dynamicFailure(s, d);
    if (f) {
      result.unplaced.push({ taskId: task.id, reason: `cannot place on its node ${nodeName(s.node)}: ${describeOne(f, d)}` });
      continue;
    }
    assign(s, d);
    result.assigned.push({ taskId: task.id, nodeId: s.node.id });
  }

  for (const [key, tasks] of groups) {
    const d = demands.get(key)!;
    if (typeof d === 'string') {
      for (const t of tasks) result.unplaced.push({ taskId: t.id, reason: d });
    } else {
      placeGroup(nodes, d, tasks, result);
    }
  }
  return result;
}

/** Places identical tasks one by one on the best node, updating counts as it goes. */
function placeGroup(nodes: NodeState[], d: Demand, tasks: Task[], result: PlacementResult): void {
  // Filters 1-4, once per node for the whole group.
  const staticFailures = nodes.map((s) => staticFailure(s, d));
  let alive: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (staticFailures[i] === null) alive.push(i);

  // Preference groups: paths[i][l] names node i's group at nesting level l (its values of the
  // first l+1 spread labels; null for a missing label, so those nodes form their own group).
  // counts[l] holds the service's tasks per group at level l.
  const levels = d.spreadLabels.length;
  const paths: string[][] = new Array(nodes.length);
  const counts: Map<string, number>[] = Array.from({ length: levels }, () => new Map());
  for (const i of alive) {
    const labels = nodes[i].node.spec?.labels ?? {};
    const values: (string | null)[] = [];
    paths[i] = [];
    const here = nodes[i].tasksByService.get(d.serviceId) ?? 0;
    for (let l = 0; l < levels; l++) {
      const label = d.spreadLabels[l];
      values.push(Object.hasOwn(labels, label) ? labels[label] : null);
      const path = JSON.stringify(values);
      paths[i].push(path);
      counts[l].set(path, (counts[l].get(path) ?? 0) + here);
    }
  }

  // Whether node a scores better than node b (a comes after b in id order, so ties keep b).
  const better = (a: number, b: number): boolean => {
    for (let l = 0; l < levels; l++) {
      const ca = counts[l].get(paths[a][l])!;
      const cb = counts[l].get(paths[b][l])!;
      if (ca !== cb) return ca < cb;
    }
    const sa = nodes[a].tasksByService.get(d.serviceId) ?? 0;
    const sb = nodes[b].tasksByService.get(d.serviceId) ?? 0;
    if (sa !== sb) return sa < sb;
    return nodes[a].tasksTotal < nodes[b].tasksTotal;
  };

  let exhausted: string | null = null; // once no node is left, the reason for every remaining task
  for (const t of tasks) {
    if (exhausted === null) {
      let best = -1;
      const next: number[] = [];
      for (const i of alive) {
        if (dynamicFailure(nodes[i], d)) continue; // stays failing for the rest of this call
        next.push(i);
        if (best < 0 || better(i, best)) best = i;
      }
      alive = next;
      if (best >= 0) {
        assign(nodes[best], d);
        for (let l = 0; l < levels; l++) counts[l].set(paths[best][l], counts[l].get(paths[best][l])! + 1);
        result.assigned.push({ taskId: t.id, nodeId: nodes[best].node.id });
        continue;
      }
      exhausted = explain(
        d,
        nodes.map((s, i) => {
          const f = staticFailures[i] ?? dynamicFailure(s, d);
          if (!f) throw new Error(`place: node ${s.node.id} passes every filter but was not chosen`);
          return f;
        }),
      );
    }
    result.unplaced.push({ taskId: t.id, reason: exhausted });
  }
}

// ------------------------------------------------------------------ node state

function newNodeState(node: Node): NodeState {
  return {
    node,
    cpuCapacity: node.resources?.milliCpus ?? 0,
    memoryCapacity: node.resources?.memoryBytes ?? 0,
    cpuUsed: 0,
    memoryUsed: 0,
    ports: new Set(),
    tasksTotal: 0,
    tasksByService: new Map(),
  };
}

/** Counts a task already on the node: its reservations, its host ports, its service. */
function hold(s: NodeState, t: Task): void {
  const spec = t.spec;
  s.cpuUsed += spec?.reservations?.milliCpus ?? 0;
  s.memoryUsed += spec?.reservations?.memoryBytes ?? 0;
  for (const p of spec?.ports ?? []) if (p.publishedPort !== 0) s.ports.add(portKey(p.protocol, p.publishedPort));
  // Ports the worker picked (published_port 0) show up only here. AssignedPort has no protocol:
  // take it from the spec port of the same name (or target port); if none matches, block both.
  for (const a of t.ports) {
    if (a.hostPort === 0) continue;
    const p = spec?.ports.find((q) => (a.name ? q.name === a.name : q.targetPort === a.targetPort));
    if (p) s.ports.add(portKey(p.protocol, a.hostPort));
    else {
      s.ports.add(portKey('PORT_TCP', a.hostPort));
      s.ports.add(portKey('PORT_UDP', a.hostPort));
    }
  }
  s.tasksTotal++;
  s.tasksByService.set(t.serviceId, (s.tasksByService.get(t.serviceId) ?? 0) + 1);
}

/** Counts a task assigned in this call. */
function assign(s: NodeState, d: Demand): void {
  s.cpuUsed += d.cpu;
  s.memoryUsed += d.memory;
  for (const p of d.ports) s.ports.add(p);
  s.tasksTotal++;
  s.tasksByService.set(d.serviceId, (s.tasksByService.get(d.serviceId) ?? 0) + 1);
}

// ------------------------------------------------------------------ demands and filters

/** The placement-relevant parts of a task; tasks with equal keys are placed as one batch. */
function groupKey(t: Task): string {
  const s = t.spec;
  return JSON.stringify([t.serviceId, t.specVersion, s?.runtime ?? null, s?.reservations ?? null, s?.placement ?? null, s?.ports ?? null]);
}

/** The task's demand, or why it cannot be placed anywhere whatever the nodes. */
function demandOf(t: Task): Demand | string {
  const spec: TaskSpec | null = t.spec;
  if (!spec) return 'the task has no spec';
  if (spec.runtime !== 'process' && spec.runtime !== 'container') return 'the task spec sets no runtime (process or container)';
  const constraints: Constraint[] = [];
  for (const text of spec.placement?.constraints ?? []) {
    const c = parseConstraint(text);
    if (!c) return `constraint "${text}" is not of the form node.labels.KEY|node.role|node.hostname|node.id ==|!= VALUE`;
    constraints.push(c);
  }
  return {
    serviceId: t.serviceId,
    runtime: spec.runtime === 'process' ? 'process' : 'runc',
    cpu: spec.reservations?.milliCpus ?? 0,
    memory: spec.reservations?.memoryBytes ?? 0,
    constraints,
    spreadLabels: (spec.placement?.preferences ?? []).map((p) => p.spreadLabel).filter((l) => l !== ''),
    maxPerNode: spec.placement?.maxReplicasPerNode ?? 0,
    ports: spec.ports.filter((p) => p.publishedPort !== 0).map((p) => portKey(p.protocol, p.publishedPort)),
  };
}

/** Filters 1-4: they depend on the node and the spec only. */
function staticFailure(s: NodeState, d: Demand): Failure | null {
  const state = s.node.status?.state ?? 'NODE_UNKNOWN';
  if (state !== 'NODE_READY') return { kind: 'not_ready', state };
  const availability = s.node.spec?.availability ?? 'NODE_ACTIVE';
  if (availability === 'NODE_DRAIN') return { kind: 'drained' };
  if (availability !== 'NODE_ACTIVE') return { kind: 'paused' };
  if (!s.node.runtimes.includes(d.runtime)) return { kind: 'runtime' };
  const c = firstUnmet(d.constraints, s.node);
  if (c) return { kind: 'constraint', constraint: c, seen: describeNodeValue(c, s.node) };
  return null;
}

/** Filters 5-7: they depend on what the node holds now. */
function dynamicFailure(s: NodeState, d: Demand): Failure | null {
  if (d.cpu > 0 && s.cpuCapacity > 0 && s.cpuUsed + d.cpu > s.cpuCapacity) return { kind: 'cpu', free: Math.max(0, s.cpuCapacity - s.cpuUsed) };
  if (d.memory > 0 && s.memoryCapacity > 0 && s.memoryUsed + d.memory > s.memoryCapacity) {
    return { kind: 'memory', free: Math.max(0, s.memoryCapacity - s.memoryUsed) };
  }
  for (const p of d.ports) if (s.ports.has(p)) return { kind: 'port', port: p };
  if (d.maxPerNode > 0 && (s.tasksByService.get(d.serviceId) ?? 0) >= d.maxPerNode) return { kind: 'max_replicas' };
  return null;
}

// ------------------------------------------------------------------ reasons, for people

/** "no suitable node: 3 nodes are not ready (3 down), 1 node is drained, ..." in filter order. */
function explain(d: Demand, failures: Failure[]): string {
  const parts: string[] = [];
  const all = <K extends Failure['kind']>(kind: K) => failures.filter((f): f is Extract<Failure, { kind: K }> => f.kind === kind);

  const notReady = all('not_ready');
  if (notReady.length > 0) {
    const states = tally(notReady.map((f) => stateName(f.state)))
      .map(([state, n]) => `${n} ${state}`)
      .join(', ');
    parts.push(`${nodes(notReady.length)} ${isAre(notReady.length)} not ready (${states})`);
  }
  const paused = all('paused').length;
  if (paused > 0) parts.push(`${nodes(paused)} ${isAre(paused)} paused`);
  const drained = all('drained').length;
  if (drained > 0) parts.push(`${nodes(drained)} ${isAre(drained)} drained`);
  const runtime = all('runtime').length;
  if (runtime > 0) parts.push(`${nodes(runtime)} ${runtime === 1 ? 'lacks' : 'lack'} the ${d.runtime} runtime`);
  for (const c of d.constraints) {
    const unmet = all('constraint').filter((f) => f.constraint === c);
    if (unmet.length === 0) continue;
    const seen = tally(unmet.map((f) => f.seen));
    const shown = seen.slice(0, 3).map(([v, n]) => `${v} on ${n}`);
    if (seen.length > 3) {
      const rest = seen.slice(3).reduce((sum, [, n]) => sum + n, 0);
      shown.push(`${seen.length - 3} other values on ${rest}`);
    }
    parts.push(`constraint ${c.text} not met on ${nodes(unmet.length)} (${shown.join(', ')})`);
  }
  const cpu = all('cpu');
  if (cpu.length > 0) {
    const free = cpu.reduce((m, f) => Math.max(m, f.free), 0);
    parts.push(`insufficient CPU on ${nodes(cpu.length)} (needs ${formatCpus(d.cpu)}, ${cpu.length > 1 ? 'at most ' : ''}${formatCpus(free)} free)`);
  }
  const memory = all('memory');
  if (memory.length > 0) {
    const free = memory.reduce((m, f) => Math.max(m, f.free), 0);
    parts.push(`insufficient memory on ${nodes(memory.length)} (needs ${formatBytes(d.memory, 'up')}, ${memory.length > 1 ? 'at most ' : ''}${formatBytes(free, 'down')} free)`);
  }
  for (const p of d.ports) {
    const used = all('port').filter((f) => f.port === p).length;
    if (used > 0) parts.push(`host port ${portName(p)} already in use on ${nodes(used)}`);
  }
  const full = all('max_replicas').length;
  if (full > 0) parts.push(`max_replicas_per_node ${d.maxPerNode} reached on ${nodes(full)}`);
  return `no suitable node: ${parts.join(', ')}`;
}

/** Why one given node cannot take the task (for tasks pinned to a node). */
function describeOne(f: Failure, d: Demand): string {
  switch (f.kind) {
    case 'not_ready':
      return `it is not ready (${stateName(f.state)})`;
    case 'paused':
      return 'it is paused';
    case 'drained':
      return 'it is drained';
    case 'runtime':
      return `it lacks the ${d.runtime} runtime`;
    case 'constraint':
      return `constraint ${f.constraint.text} not met (${f.seen})`;
    case 'cpu':
      return `insufficient CPU (needs ${formatCpus(d.cpu)}, ${formatCpus(f.free)} free)`;
    case 'memory':
      return `insufficient memory (needs ${formatBytes(d.memory, 'up')}, ${formatBytes(f.free, 'down')} free)`;
    case 'port':
      return `host port ${portName(f.port)} already in use`;
    case 'max_replicas':
      return `max_replicas_per_node ${d.maxPerNode} reached`;
  }
}

/** "1.5 GiB", "512 MiB", "300 B"; rounded to 2 decimals in the given direction, so that a
 * need shown next to a smaller free amount never reads as equal to it. */
export function formatBytes(bytes: number, round: 'up' | 'down' | 'nearest' = 'nearest'): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const r = round === 'up' ? Math.ceil : round === 'down' ? Math.floor : Math.round;
  return `${r(v * 100) / 100} ${units[i]}`;
}

/** "1 CPU", "0.5 CPUs", "2 CPUs" from thousandths of a CPU. */
export function formatCpus(milliCpus: number): string {
  const v = milliCpus / 1000;
  return `${v} CPU${v === 1 ? '' : 's'}`;
}

function portKey(protocol: string, port: number): string {
  return `${protocol}/${port}`;
}

/** "PORT_TCP/8080" -> "8080/tcp". */
function portName(key: string): string {
  const [protocol, port] = key.split('/');
  return `${port}/${protocol.replace(/^PORT_/, '').toLowerCase()}`;
}

function stateName(state: string): string {
  return state.replace(/^NODE_/, '').toLowerCase();
}

function nodeName(node: Node): string {
  return node.hostname && node.hostname !== node.id ? `${node.id} (${node.hostname})` : node.id;
}

function nodes(n: number): string {
  return `${n} node${n === 1 ? '' : 's'}`;
}

function isAre(n: number): string {
  return n === 1 ? 'is' : 'are';
}

/** Distinct values with their counts, most frequent first, then by value. */
function tally(values: string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
}

/** Code-unit order: locale-independent, so results are the same on every machine. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTasks(a: Task, b: Task): number {
  return compareStrings(a.serviceId, b.serviceId) || a.specVersion - b.specVersion || a.slot - b.slot || compareStrings(a.id, b.id);
}
