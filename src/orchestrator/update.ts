// Replacing tasks that run an older spec version, a few at a time. Deliberately simple for now:
// stop-first order (the old task is told to stop; its slot gets a task of the new version once it
// stopped), `parallelism` slots at a time (0: all), and no delay, monitor window, failure action or
// rollback yet (UpdateConfig's other fields; the fuller rolling update will replace this file).
import type { Service, Task } from '../store/types.js';
import { hasEnded, isStarting } from './tasks.js';

export function updateReason(specVersion: number): string {
  return `updated to spec version ${specVersion}`;
}

/** `spec.update.parallelism` (0: all at once). */
export function updateParallelism(service: Service): number {
  return service.spec?.update?.parallelism ?? 1;
}

/**
 * Which outdated tasks to stop now.
 *
 * - `current`: the current task of each slot (node) that an update may touch: desired RUNNING and
 *   able to stay where it is.
 * - `busySlots`: slots without a current task that are about to be filled or that wait for their
 *   old task to stop: they are updates in progress too.
 *
 * In progress = busySlots + current tasks of the new version not RUNNING yet. At most
 * `parallelism - in progress` outdated tasks are returned; tasks that are not running yet first
 * (replacing them costs nothing), then by slot, node and id (deterministic).
 */
export function outdatedToReplace(current: readonly Task[], busySlots: number, specVersion: number, parallelism: number): Task[] {
  const outdated = current.filter((t) => t.specVersion !== specVersion && !hasEnded(t));
  if (outdated.length === 0) return [];
  const inProgress = busySlots + current.filter((t) => t.specVersion === specVersion && isStarting(t)).length;
  const budget = parallelism === 0 ? outdated.length : Math.max(0, parallelism - inProgress);
  const order = (t: Task): number => (isStarting(t) ? 0 : 1);
  outdated.sort((a, b) => order(a) - order(b) || a.slot - b.slot || cmp(a.nodeId, b.nodeId) || cmp(a.id, b.id));
  return outdated.slice(0, budget);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
