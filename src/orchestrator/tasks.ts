// Small helpers about tasks and the nodes they run on, shared by the orchestrators. Pure: no clock,
// no randomness, no I/O; nothing here mutates its arguments.
import { isTerminal, stateRank, type TaskState } from '../store/task_states.js';
import type { Node, Service, Task } from '../store/types.js';

// The life-cycle facts are shared with the dispatcher, the scheduler and the agent.
export { isTerminal, stateRank };
/** A task state, as the generated types spell it ('TASK_RUNNING'...). */
export type TaskStateName = TaskState;

/** The task's reported state (a task without a status is treated as NEW). */
export function statusState(t: Task): TaskStateName {
  return t.status?.state ?? 'TASK_NEW';
}

/** The task stopped running for good (its reported status is terminal). */
export function hasEnded(t: Task): boolean {
  return isTerminal(statusState(t));
}

/** The task has not reached RUNNING yet (and has not ended either): it is on its way up. */
export function isStarting(t: Task): boolean {
  return stateRank(statusState(t)) < stateRank('TASK_RUNNING');
}

/** The orchestrator wants this task to run. */
export function isDesiredRunning(t: Task): boolean {
  return t.desiredState === 'TASK_RUNNING';
}

/**
 * The task has no node to run on: never assigned one, or its node is no longer in the cluster.
 * Such a task cannot be running anywhere we could still stop it, so it may be deleted.
 */
export function hasNoNode(t: Task, nodes: ReadonlyMap<string, Node>): boolean {
  return t.nodeId === '' || !nodes.has(t.nodeId);
}

/** Deleting the task loses nothing that may still run: it ended, or it has no node. */
export function isDeletable(t: Task, nodes: ReadonlyMap<string, Node>): boolean {
  return hasEnded(t) || hasNoNode(t, nodes);
}

/** Finished: the orchestrator no longer wants it and it is not running (ended, or has no node). */
export function isFinished(t: Task, nodes: ReadonlyMap<string, Node>): boolean {
  return !isDesiredRunning(t) && isDeletable(t, nodes);
}

/** Creation time; a task not stored yet (meta null) is newer than every stored one. */
export function createdAtMs(t: Task): number {
  return t.meta ? t.meta.createdAtMs : Number.POSITIVE_INFINITY;
}

/** Oldest first: by meta.created_at_ms, then id. */
export function compareAge(a: Task, b: Task): number {
  const d = createdAtMs(a) - createdAtMs(b);
  if (d !== 0 && !Number.isNaN(d)) return d < 0 ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Newest first (a new sorted array). */
export function newestFirst(tasks: readonly Task[]): Task[] {
  return [...tasks].sort((a, b) => compareAge(b, a));
}

/** The newest task of a slot, whatever its desired state, or undefined. */
export function newestTask(tasks: readonly Task[]): Task | undefined {
  let best: Task | undefined;
  for (const t of tasks) if (best === undefined || compareAge(t, best) > 0) best = t;
  return best;
}

/**
 * The slot's current task: the newest one whose desired state is RUNNING, or undefined. Any other
 * desired-RUNNING task of the slot is a duplicate (the reconcile shuts those down).
 */
export function currentTaskOfSlot(tasks: readonly Task[]): Task | undefined {
  return newestTask(tasks.filter(isDesiredRunning));
}

/**
 * Where a task belongs: its slot for a replicated service (1..replicas), its node for a global one
 * (slot 0). History retention and restart history are kept per key.
 */
export function slotKey(t: Task): string {
  return t.slot > 0 ? `slot:${t.slot}` : `node:${t.nodeId}`;
}

/** Tasks grouped by slotKey, in first-seen order. */
export function groupBySlot(tasks: readonly Task[]): Map<string, Task[]> {
  const m = new Map<string, Task[]>();
  for (const t of tasks) {
    const k = slotKey(t);
    const g = m.get(k);
    if (g) g.push(t);
    else m.set(k, [t]);
  }
  return m;
}

/** A node's name for people: its hostname, or its id when it has none. */
export function nodeName(n: Node): string {
  return n.hostname || n.id;
}

/**
 * Why a task cannot stay on its node, or null when it can: the node was removed, is DOWN, or is
 * drained. A node in state UNKNOWN (for example just after a leader change, before it reconnected)
 * or PAUSE keeps its tasks. A task without a node (not scheduled yet) has no node problem.
 */
export function nodeProblem(nodeId: string, nodes: ReadonlyMap<string, Node>): string | null {
  if (nodeId === '') return null;
  const n = nodes.get(nodeId);
  if (!n) return `node ${nodeId} was removed`;
  if (n.status?.state === 'NODE_DOWN') return `node ${nodeName(n)} is down`;
  if (n.spec?.availability === 'NODE_DRAIN') return `node ${nodeName(n)} is drained`;
  return null;
}

/** The node takes new tasks: READY and ACTIVE. */
export function nodeTakesNewTasks(n: Node | undefined): boolean {
  return n !== undefined && n.status?.state === 'NODE_READY' && (n.spec?.availability ?? 'NODE_ACTIVE') === 'NODE_ACTIVE';
}

/** Fields of a new task that differ between the orchestrators and the reasons for creating it. */
export interface NewTaskFields {
  id: string;
  slot: number;
  nodeId: string;
  nowMs: number;
  message: string;
  restartsMs: number[];
  notBeforeMs: number;
}

/**
 * A new task of the service's current spec: status PENDING, desired RUNNING, meta null (the store
 * stamps it). The spec is copied so that no caller shares objects with the service.
 */
export function newTask(service: Service, f: NewTaskFields): Task {
  return {
    id: f.id,
    meta: null,
    serviceId: service.id,
    slot: f.slot,
    nodeId: f.nodeId,
    specVersion: service.specVersion,
    spec: service.spec?.task ? structuredClone(service.spec.task) : null,
    desiredState: 'TASK_RUNNING',
    status: { state: 'TASK_PENDING', timestampMs: f.nowMs, message: f.message, error: '', exitCode: 0 },
    ports: [],
    health: null,
    restartsMs: [...f.restartsMs],
    notBeforeMs: f.notBeforeMs,
    shutdownReason: '',
  };
}

/**
 * The earliest not_before_ms still in the future among tasks waiting to be placed (desired RUNNING,
 * PENDING), or 0. The orchestrators do not need to wake up then (the scheduler waits out restart
 * delays); whoever drives the scheduler can use this to schedule its own wake-up.
 */
export function earliestNotBeforeMs(tasks: readonly Task[], nowMs: number): number {
  let best = 0;
  for (const t of tasks) {
    if (!isDesiredRunning(t) || statusState(t) !== 'TASK_PENDING' || t.notBeforeMs <= nowMs) continue;
    if (best === 0 || t.notBeforeMs < best) best = t.notBeforeMs;
  }
  return best;
}
