// The global orchestrator's reconcile step: one task per eligible node (READY, ACTIVE, placement
// constraints met). Tasks have slot 0 and their node set from the start.
//
// Per node, in the same phases as the replicated step (replicated.ts):
//   1. tasks that are not global tasks (a slot, or no node: the mode changed) get desired REMOVE;
//   2. the node's current task: duplicates stopped; on a node that was removed, is DOWN, drained
//      or does not meet the service's current constraints (a label changed, or the spec's
//      constraints did: as in Swarm, at once), it gets desired SHUTDOWN with the reason and nothing is
//      created elsewhere; a task that ended goes through the restart policy (replacement on the
//      same node), but only while the node takes new tasks: on a PAUSEd node or one in state
//      UNKNOWN the ended task is left as it is until the node can take tasks again;
//   3. the rollout (update.ts) over the nodes that take new tasks (start-first: the new task
//      starts on the same node next to the old one);
//   4. eligible nodes without a task get one (unless settled or waiting, as for slots);
//   5. deletions: desired REMOVE and gone; every task of a node no longer in the cluster once it is
//      not wanted running (there is no slot left to keep history for); history retention per node.
import type { Task } from '../store/types.js';
import { ActionPlan, checkInput, type ReconcileActions, type ReconcileInput } from './actions.js';
import { globalEligibility, type NodeEligibility, placementOf } from './eligible.js';
import { removeFinished } from './history.js';
import { emptySlotState, replaceEnded, resolveDuplicates, type SlotContext } from './slot.js';
import { currentTaskOfSlot, hasEnded, isDesiredRunning, newTask, nodeName } from './tasks.js';
import { type RolloutUnit, stepRollout, stopReason, unitTasks } from './update.js';

export function reconcileGlobal(input: ReconcileInput): ReconcileActions {
  checkInput(input);
  const { service, nodes, nowMs } = input;
  if (service.spec!.mode !== 'global') throw new Error(`service ${service.id} is not global (mode ${service.spec!.mode})`);
  const ctx: SlotContext = { service, nodes, nowMs, newId: input.newId, placement: placementOf(service.spec!.task) };
  const plan = new ActionPlan(input.tasks);

  // 1. Tasks that are not global tasks.
  for (const t of input.tasks) {
    if (t.slot === 0 && t.nodeId !== '') continue;
    const reason = t.slot !== 0 ? 'service mode changed to global' : 'global task without a node';
    if (t.desiredState !== 'TASK_REMOVE') plan.setDesired(t, 'TASK_REMOVE', t.desiredState === 'TASK_RUNNING' || !t.shutdownReason ? reason : t.shutdownReason);
  }

  // Every node of the cluster, and every node a task is on, in a stable order.
  const nodeIds = [...new Set([...nodes.keys(), ...input.tasks.filter(isGlobalTask).map((t) => t.nodeId)])].sort();
  const eligibility = new Map<string, NodeEligibility>(nodeIds.map((id) => [id, globalEligibility(id, nodes, ctx.placement)]));
  const message = (nodeId: string) => `waiting for node ${nodes.has(nodeId) ? nodeName(nodes.get(nodeId)!) : nodeId}`;

  // 2. Each node's current task.
  for (const [nodeId, tasks] of byNode(plan.tasks(), nodeIds)) {
    const current = resolveDuplicates(plan, tasks, `node ${nodeId}`, service, nodes);
    if (!current) continue;
    const e = eligibility.get(nodeId)!;
    if (!e.keep) plan.setDesired(current, 'TASK_SHUTDOWN', e.reason);
    else if (hasEnded(current) && e.start) replaceEnded(plan, current, ctx, nodeId, message(nodeId));
  }

  // 3. The rollout (update.ts), on nodes that take new tasks.
  const rollout = (() => {
    const units: RolloutUnit[] = [];
    for (const [nodeId, tasks] of byNode(plan.tasks(), nodeIds)) {
      if (!eligibility.get(nodeId)!.start) continue;
      const u = unitTasks(tasks, service);
      units.push({ current: u.current, predecessor: u.predecessor, empty: u.current ? null : emptySlotState(tasks, ctx) });
    }
    return stepRollout({ service, units, tasks: plan.tasks(), nowMs });
  })();
  if (rollout.service && rollout.service.specVersion !== service.specVersion) {
    // An automatic rollback: write the service; the next step (on the restored spec) does the rest.
    return new ActionPlan(input.tasks).actions(0, rollout.service);
  }
  {
    const after = rollout.service ?? service;
    for (const t of [...rollout.retire, ...rollout.stop]) plan.setDesired(t, 'TASK_SHUTDOWN', stopReason(after));
    for (const t of rollout.startNext) {
      plan.create(newTask(service, { id: input.newId(), slot: 0, nodeId: t.nodeId, nowMs, message: `starting next to task ${t.id} (start-first)`, restartsMs: [], notBeforeMs: 0 }));
    }
  }

  // 4. Eligible nodes without a task.
  for (const [nodeId, tasks] of byNode(plan.tasks(), nodeIds)) {
    if (!eligibility.get(nodeId)!.start || currentTaskOfSlot(tasks) || emptySlotState(tasks, ctx) !== 'fill') continue;
    plan.create(newTask(service, { id: input.newId(), slot: 0, nodeId, nowMs, message: message(nodeId), restartsMs: [], notBeforeMs: 0 }));
  }

  // 5. Deletions.
  for (const t of plan.tasks()) {
    if (isGlobalTask(t) && !nodes.has(t.nodeId) && !isDesiredRunning(t)) plan.remove(t.id);
  }
  removeFinished(plan, nodes, input.taskHistoryLimit);
  return plan.actions(rollout.wakeAtMs, rollout.service);
}

function isGlobalTask(t: Task): boolean {
  return t.slot === 0 && t.nodeId !== '';
}

/** Global tasks by node, every listed node present (those without tasks too), in that order. */
function byNode(tasks: readonly Task[], nodeIds: readonly string[]): Map<string, Task[]> {
  const m = new Map<string, Task[]>(nodeIds.map((id) => [id, []]));
  for (const t of tasks) if (isGlobalTask(t)) m.get(t.nodeId)?.push(t);
  return m;
}
