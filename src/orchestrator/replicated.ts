// The replicated orchestrator's reconcile step: slots 1..replicas, one running task each.
//
// One step, in this order, each phase seeing the actions of the earlier ones (ActionPlan):
//   1. tasks outside 1..replicas (scaled down: the highest slots go first, as the slots above
//      `replicas` are the ones dropped) get desired REMOVE, reason "scaled down";
//   2. each slot's current task: duplicates stopped; a task whose node was removed, is DOWN or
//      drained, or no longer meets the task's constraints (a node label changed) is replaced at
//      once elsewhere (never the task's fault: no restart counted, no delay); a task that ended
//      goes through the restart policy;
//   3. the rollout (update.ts): outdated tasks (another spec_version) are replaced a batch at a
//      time (stop-first: stopped; start-first and canaries: a new task starts next to them), with
//      the delay, monitor window, failure ratio and failure action of the update config; the
//      update status on the service records where it is; a rebalance moves tasks off crowded
//      nodes the same way;
//   4. empty slots are filled, unless settled (restart policy said no) or waiting for their old
//      task to stop (stop-first);
//   5. tasks with desired REMOVE that ended or have no node are deleted, and history retention
//      deletes the oldest finished tasks beyond the limit.
// The result is a fixpoint: reconciling again after applying the actions finds nothing to do until
// something else changes (a task's status, a node, the service), at any later time.
import type { Node, Service, Task } from '../store/types.js';
import { ActionPlan, checkInput, type ReconcileActions, type ReconcileInput } from './actions.js';
import { placementOf, placementProblem } from './eligible.js';
import { removeFinished } from './history.js';
import { restartPolicyOf, trimRestarts } from './restart.js';
import { emptySlotState, replaceEnded, resolveDuplicates, type SlotContext } from './slot.js';
import { currentTaskOfSlot, hasEnded, newTask, nodeTakesNewTasks, statusState } from './tasks.js';
import { type RolloutUnit, stepRollout, stopReason, unitTasks } from './update.js';

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
    const current = resolveDuplicates(plan, tasks, `slot ${slot}`, service, nodes);
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

  // 3. The rollout (update.ts): rolling update, rollback, canary, rebalance; 4. empty slots.
  // Both run a second time when the rollout stopped a task that was never placed: it is gone at
  // once, and the next step (which would otherwise come only with the next pass) may already
  // finish the rollout or start its next batch; so one pass leaves a fixpoint.
  let status: Service | null = null;
  let wakeAtMs = 0;
  for (let round = 0; round < 2; round++) {
    const svc = status ?? service;
    const units: RolloutUnit[] = [];
    for (const [, tasks] of slotsOf(plan.tasks(), replicas)) {
      const u = unitTasks(tasks, service);
      units.push({ current: u.current, predecessor: u.predecessor, empty: u.current ? null : emptySlotState(tasks, ctx) });
    }
    const misplaced = wantsRebalance(svc) ? crowded(units, nodes, ctx) : undefined;
    const rollout = stepRollout({ service: svc, units, tasks: plan.tasks(), nowMs, misplaced });
    if (rollout.service && rollout.service.specVersion !== service.specVersion) {
      // An automatic rollback: write the service; the next step (on the restored spec) does the rest.
      return new ActionPlan(input.tasks).actions(0, rollout.service);
    }
    if (rollout.service) status = rollout.service;
    wakeAtMs = rollout.wakeAtMs;
    for (const t of [...rollout.retire, ...rollout.stop]) plan.setDesired(t, 'TASK_SHUTDOWN', stopReason(status ?? service));
    for (const t of rollout.startNext) {
      plan.create(newTask(service, { id: input.newId(), slot: t.slot, nodeId: '', nowMs, message: `starting next to task ${t.id} (start-first)`, restartsMs: [], notBeforeMs: 0 }));
    }
    for (const [slot, tasks] of slotsOf(plan.tasks(), replicas)) {
      if (currentTaskOfSlot(tasks) || emptySlotState(tasks, ctx) !== 'fill') continue;
      plan.create(newTask(service, { id: input.newId(), slot, nodeId: '', nowMs, message: PENDING_MESSAGE, restartsMs: [], notBeforeMs: 0 }));
    }
    if (!rollout.stop.some((t) => t.nodeId === '')) break;
  }

  // 5. Deletions.
  removeFinished(plan, nodes, input.taskHistoryLimit);
  return plan.actions(wakeAtMs, status);
}

/** A rebalance was asked for, or the service rebalances by itself and nothing else is rolling out. */
function wantsRebalance(s: Service): boolean {
  const st = s.updateStatus?.state;
  if (st === 'UPDATE_REBALANCING') return true;
  return s.spec?.rebalance === 'REBALANCE_AUTO' && (st === undefined || st === 'UPDATE_NONE' || st === 'UPDATE_COMPLETED' || st === 'UPDATE_ROLLED_BACK' || st === 'UPDATE_REBALANCED');
}

/**
 * The tasks to move for an even spread: over the nodes that take new tasks and meet the service's
 * constraints, one task at a time from the fullest node to the emptiest while they differ by more
 * than one (the highest slots move first). Tasks not yet placed or on other nodes are left alone.
 */
export function crowded(units: readonly RolloutUnit[], nodes: ReadonlyMap<string, Node>, ctx: SlotContext): Set<string> {
  const eligible = [...nodes.values()].filter((n) => nodeTakesNewTasks(n) && placementProblem(n.id, nodes, ctx.placement) === null).map((n) => n.id).sort();
  const out = new Set<string>();
  if (eligible.length < 2) return out;
  const on = new Map<string, Task[]>(eligible.map((id) => [id, []]));
  for (const u of units) if (u.current && on.has(u.current.nodeId)) on.get(u.current.nodeId)!.push(u.current);
  for (const list of on.values()) list.sort((a, b) => a.slot - b.slot);
  const count = new Map(eligible.map((id) => [id, on.get(id)!.length]));
  for (let i = 0; i < 100_000; i++) {
    let max = eligible[0]!;
    let min = eligible[0]!;
    for (const id of eligible) {
      if (count.get(id)! > count.get(max)!) max = id;
      if (count.get(id)! < count.get(min)!) min = id;
    }
    if (count.get(max)! - count.get(min)! <= 1) break;
    const list = on.get(max)!;
    out.add(list.pop()!.id);
    count.set(max, count.get(max)! - 1);
    count.set(min, count.get(min)! + 1);
  }
  return out;
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
