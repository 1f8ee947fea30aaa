// Task history retention: per slot (per node, for a global service), keep the newest
// `taskHistoryLimit` finished tasks and delete the older ones.
//
// Finished = desired state is not RUNNING, and the task ended (terminal status) or has no node
// (never scheduled, or its node left the cluster): a task that may still be running somewhere is
// never deleted. The newest task of a slot without a current task is always kept, whatever the
// limit: it records why the slot is empty (for example "restart limit reached").
import type { Node, Task } from '../store/types.js';
import type { ActionPlan } from './actions.js';
import { groupBySlot, isDeletable, isDesiredRunning, isFinished, newestFirst, newestTask } from './tasks.js';

/** Ids of the tasks that history retention deletes, oldest first per slot. */
export function historyToRemove(tasks: readonly Task[], limit: number, nodes: ReadonlyMap<string, Node>): string[] {
  const keep = Math.max(0, Math.floor(limit));
  const out: string[] = [];
  for (const group of groupBySlot(tasks).values()) {
    const lastWord = group.some(isDesiredRunning) ? undefined : newestTask(group);
    const finished = newestFirst(group.filter((t) => isFinished(t, nodes)));
    const drop = finished.slice(keep).filter((t) => t !== lastWord);
    for (let i = drop.length - 1; i >= 0; i--) out.push(drop[i]!.id);
  }
  return out;
}

/** Deletes tasks marked REMOVE that can go, then what history retention drops. */
export function removeFinished(plan: ActionPlan, nodes: ReadonlyMap<string, Node>, historyLimit: number): void {
  for (const t of plan.tasks()) if (t.desiredState === 'TASK_REMOVE' && isDeletable(t, nodes)) plan.remove(t.id);
  for (const id of historyToRemove(plan.tasks(), historyLimit, nodes)) plan.remove(id);
}
