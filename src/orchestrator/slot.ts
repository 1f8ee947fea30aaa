// The life of one slot (one node, for a global service), shared by both orchestrators: which task
// is current, what happens when it ended, and whether an empty slot gets a new task.
import type { Node, Service, Task } from '../store/types.js';
import type { ActionPlan } from './actions.js';
import type { Placement } from './eligible.js';
import { decideRestart, endReason, isSettledEnd, restartPolicyOf } from './restart.js';
import { hasEnded, newestTask, newTask, nodeProblem } from './tasks.js';
import { stopReason, unitTasks } from './update.js';

/** What every slot decision of one reconcile step needs. */
export interface SlotContext {
  service: Service;
  nodes: ReadonlyMap<string, Node>;
  nowMs: number;
  newId: () => string;
  /** The placement constraints of the service's current spec. */
  placement: Placement;
}

/**
 * The slot's current task: the newest desired-RUNNING one of the service's spec version (else the
 * newest). Any other desired-RUNNING task of the slot gets desired SHUTDOWN: a slot runs one task
 * (this also repairs a step whose actions were only partly written: a replacement created but its
 * predecessor not yet told to stop), except the predecessor a start-first update or a canary keeps
 * running next to a current task of the new version (update.ts unitTasks), as long as it has not
 * ended and its node has no problem.
 */
export function resolveDuplicates(plan: ActionPlan, tasks: readonly Task[], where: string, service: Service, nodes?: ReadonlyMap<string, Node>): Task | undefined {
  const { current, predecessor, extra } = unitTasks(tasks, service);
  for (const t of extra) {
    const reason = hasEnded(t) ? endReason(t) : t.specVersion !== service.specVersion ? stopReason(service) : `replaced by task ${current!.id}: one task per ${where}`;
    plan.setDesired(t, 'TASK_SHUTDOWN', reason);
  }
  if (predecessor && nodes) {
    const problem = nodeProblem(predecessor.nodeId, nodes);
    if (problem !== null) plan.setDesired(predecessor, 'TASK_SHUTDOWN', problem);
  }
  return current;
}

/**
 * A current task ended: it gets desired SHUTDOWN, and a replacement in the same slot (on the same
 * node, for a global service) if the restart policy says so, carrying the restart history and
 * waiting out the back-off (not_before_ms). If not, the reason on the task says why, and the slot
 * stays empty (see emptySlotState).
 */
export function replaceEnded(plan: ActionPlan, ended: Task, ctx: SlotContext, nodeId: string, message: string): void {
  const d = decideRestart(ended, restartPolicyOf(ctx.service), ctx.nowMs);
  plan.setDesired(ended, 'TASK_SHUTDOWN', d.reason);
  if (!d.restart) return;
  plan.create(
    newTask(ctx.service, {
      id: ctx.newId(),
      slot: ended.slot,
      nodeId,
      nowMs: ctx.nowMs,
      message: d.delayMs > 0 ? `${message} (restart delay ${d.delayMs} ms)` : message,
      restartsMs: d.restartsMs,
      notBeforeMs: d.delayMs > 0 ? d.notBeforeMs : 0,
    }),
  );
}

/**
 * A slot without a current task:
 * - 'waiting': one of its tasks was told to stop and is still stopping on a node that is up and not
 *   drained (stop-first: the new task starts once the old one stopped, so they never compete for
 *   ports or resources; on a DOWN node nothing will report it stopped, so nobody waits);
 * - 'settled': its newest task ended and was not replaced on purpose (restart condition or limit)
 *   under the service's current spec version; it stays empty until the spec changes;
 * - 'fill': it gets a new task.
 */
export type EmptySlotState = 'settled' | 'waiting' | 'fill';

export function emptySlotState(tasks: readonly Task[], ctx: SlotContext): EmptySlotState {
  const newest = newestTask(tasks);
  if (!newest) return 'fill';
  // Any task still stopping holds the slot, not only the newest: creation times need not follow
  // spec versions (a rollback, clocks of two leaders), and a settled slot whose update stopped an
  // older task is still mid-rollout until that task stopped.
  if (tasks.some((t) => !hasEnded(t) && t.nodeId !== '' && nodeProblem(t.nodeId, ctx.nodes) === null)) return 'waiting';
  if (isSettledEnd(newest, ctx.service.specVersion)) return 'settled';
  return 'fill';
}
