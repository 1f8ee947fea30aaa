// The replicated orchestrator's reconcile step: slots 1..replicas, one running task each.
//
// One step, in this order, each phase seeing the actions of the earlier ones (ActionPlan):
//   1. tasks outside 1..replicas (scaled down: the highest slots go first, as the slots above
//      `replicas` are the ones dropped) get desired REMOVE, reason "scaled down";
//   2. each slot's current task: duplicates stopped; a task whose node was removed, is DOWN or
//      drained, or no longer meets the task's constraints (a node label changed) is replaced at
//      once elsewhere (never the task's fault: no restart counted, no delay); a task that ended
//      goes through the restart policy;
//   3. outdated tasks (older spec_version) are stopped, `update.parallelism` slots at a time
//      (update.ts);
//   4. empty slots are filled, unless settled (restart policy said no) or waiting for their old
//      task to stop (stop-first);
//   5. tasks with desired REMOVE that ended or have no node are deleted, and history retention
//      deletes the oldest finished tasks beyond the limit.
// The result is a fixpoint: reconciling again after applying the actions finds nothing to do until
// something else changes (a task's status, a node, the service), at any later time.
import type { Node, Task } from '../store/types.js';
import { ActionPlan, checkInput, type ReconcileActions, type ReconcileInput } from './actions.js';
import { placementOf, placementProblem } from './eligible.js';
import { removeFinished } from './history.js';
import { restartPolicyOf, trimRestarts } from './restart.js';
import { emptySlotState, replaceEnded, resolveDuplicates, type SlotContext } from './slot.js';
import { currentTaskOfSlot, hasEnded, newTask, statusState } from './tasks.js';
import { outdatedToReplace, updateParallelism, updateReason } from './update.js';

export const PENDING_MESSAGE = 'waiting for a node';

export function reconcileReplicated(input: ReconcileInput): ReconcileActions {
  checkInput(input);
  const { service, nodes, nowMs } = input;
  if (service.spec!.mode !== 'replicated') throw new Error(`service ${service.id} is not replicated (mode ${service.spec!.mode})`);
  const replicas = service.spec!.replicated?.replicas ?? 0;
  const ctx: SlotContext = { service, nodes, nowMs, newId: input.newId, placement: placementOf(service.spec!.task) };
  const policy = restartPolicyOf(service);
  const plan = new ActionPlan(input.tasks);

  // 1. Slots that are no longer wanted.
  for (const t of input.tasks) {
    if (t.slot >= 1 && t.slot <= replicas) continue;
    const reason = t.slot === 0 ? 'service mode changed to replicated' : 'scaled down';
    if (t.desiredState !== 'TASK_REMOVE') plan.setDesired(t, 'TASK_REMOVE', t.desiredState === 'TASK_RUNNING' || !t.shutdownReason ? reason : t.shutdownReason);
  }

  // 2. Each slot's current task.
  for (const [slot, tasks] of slotsOf(plan.tasks(), replicas)) {
    const current = resolveDuplicates(plan, tasks, `slot ${slot}`);
    if (!current) continue;
    // A task that completed is done, wherever it ran; any other task must leave a bad node.
    // The task's own constraints: a spec update that changes them goes through the rolling update.
    const problem = statusState(current) === 'TASK_COMPLETE' ? null : placementProblem(current.nodeId, nodes, placementOf(current.spec));
    if (problem !== null) {
      plan.setDesired(current, 'TASK_SHUTDOWN', problem);
      plan.create(
        newTask(service, {
          id: input.newId(),
          slot,
          nodeId: '',
          nowMs,
          message: PENDING_MESSAGE,
          restartsMs: trimRestarts(current.restartsMs, policy, nowMs),
          notBeforeMs: 0,
        }),
      );
    } else if (hasEnded(current)) {
      replaceEnded(plan, current, ctx, '', PENDING_MESSAGE);
    }
  }

  // 3. Rolling update (stop-first, parallelism).
  {
    const current: Task[] = [];
    let busy = 0;
    for (const [, tasks] of slotsOf(plan.tasks(), replicas)) {
      const c = currentTaskOfSlot(tasks);
      if (c) current.push(c);
      else if (emptySlotState(tasks, ctx) !== 'settled') busy++;
    }
    for (const t of outdatedToReplace(current, busy, service.specVersion, updateParallelism(service))) {
      plan.setDesired(t, 'TASK_SHUTDOWN', updateReason(service.specVersion));
    }
  }

  // 4. Empty slots.
  for (const [slot, tasks] of slotsOf(plan.tasks(), replicas)) {
    if (currentTaskOfSlot(tasks) || emptySlotState(tasks, ctx) !== 'fill') continue;
    plan.create(newTask(service, { id: input.newId(), slot, nodeId: '', nowMs, message: PENDING_MESSAGE, restartsMs: [], notBeforeMs: 0 }));
  }

  // 5. Deletions.
  removeFinished(plan, nodes, input.taskHistoryLimit);
  return plan.actions(0);
}

/**
 * The tasks of a service that was removed: the API set desired REMOVE on them; any that missed it
 * (created concurrently) get it too. Each one is deleted once it ended or has no node (with
 * `nodes` given, a node no longer in the cluster counts as none).
 */
export function reconcileRemoved(tasks: Task[], nodes?: ReadonlyMap<string, Node>): ReconcileActions {
  const plan = new ActionPlan(tasks);
  for (const t of tasks) {
    if (t.desiredState !== 'TASK_REMOVE') plan.setDesired(t, 'TASK_REMOVE', t.shutdownReason || 'service removed');
  }
  for (const t of plan.tasks()) {
    if (hasEnded(t) || t.nodeId === '' || (nodes !== undefined && !nodes.has(t.nodeId))) plan.remove(t.id);
  }
  return plan.actions(0);
}

/** Tasks of slots 1..replicas, by slot, every slot present (empty ones too), in slot order. */
function slotsOf(tasks: readonly Task[], replicas: number): Map<number, Task[]> {
  const m = new Map<number, Task[]>();
  for (let s = 1; s <= replicas; s++) m.set(s, []);
  for (const t of tasks) m.get(t.slot)?.push(t);
  return m;
}
