// The orchestrators' pure reconcile steps (desired + actual -> actions), one file per concern:
//   actions.ts     ReconcileInput / ReconcileActions and the plan a step builds
//   tasks.ts       small task and node helpers (isTerminal, currentTaskOfSlot, nodeProblem...)
//   restart.ts     the restart policy: condition, max attempts within a window, back-off
//   update.ts      the rollout state machine: rolling update (stop-first / start-first, delay,
//                  monitor, failure ratio and action), rollback, canary, rebalance
//   revisions.ts   the bounded spec history (10 revisions) and the service changes of an
//                  update or a rollback (shared with the API)
//   history.ts     task history retention
//   eligible.ts    which nodes a service's tasks may be on (constraints from the scheduler)
//   slot.ts        the life of one slot, shared by both modes
//   replicated.ts  reconcileReplicated, reconcileRemoved
//   global.ts      reconcileGlobal
import type { ReconcileActions, ReconcileInput } from './actions.js';
import { reconcileGlobal } from './global.js';
import { reconcileReplicated } from './replicated.js';

export * from './actions.js';
export * from './tasks.js';
export * from './restart.js';
export * from './update.js';
export * from './revisions.js';
export * from './history.js';
export * from './eligible.js';
export { reconcileGlobal } from './global.js';
export { reconcileRemoved, reconcileReplicated } from './replicated.js';

/** The reconcile step of the service's mode. */
export function reconcileService(input: ReconcileInput): ReconcileActions {
  return input.service.spec?.mode === 'global' ? reconcileGlobal(input) : reconcileReplicated(input);
}
