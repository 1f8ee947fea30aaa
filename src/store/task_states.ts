// Facts about the task life cycle (Docker Swarm's): the order of the states and which ones are
// final. Shared by the dispatcher, the orchestrators, the scheduler and the agent.
import type { TaskState__Output as TaskState } from '../gen/baton/v1/TaskState';

export type { TaskState };

const ORDER: TaskState[] = [
  'TASK_NEW',
  'TASK_PENDING',
  'TASK_ASSIGNED',
  'TASK_ACCEPTED',
  'TASK_PREPARING',
  'TASK_STARTING',
  'TASK_RUNNING',
  'TASK_COMPLETE',
  'TASK_SHUTDOWN',
  'TASK_FAILED',
  'TASK_REJECTED',
  'TASK_ORPHANED',
  'TASK_REMOVE',
];

const TERMINAL = new Set<TaskState>(['TASK_COMPLETE', 'TASK_SHUTDOWN', 'TASK_FAILED', 'TASK_REJECTED', 'TASK_ORPHANED', 'TASK_REMOVE']);

/** Position in the life cycle; every terminal state ranks above every live one. */
export function stateRank(s: TaskState): number {
  const i = ORDER.indexOf(s);
  return i < 0 ? 0 : i;
}

/** A task in a terminal state runs no more and never leaves that state. */
export function isTerminal(s: TaskState | undefined | null): boolean {
  return !!s && TERMINAL.has(s);
}
