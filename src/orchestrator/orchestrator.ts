// The leader's orchestrator loop: for every service whose tasks or nodes changed (and for all of
// them on every resync), runs the pure reconcile step of its mode and writes the actions as
// transactions with version checks. A transaction refused because something changed meanwhile is
// simply reconciled again from the fresh state (every action is idempotent).
import type { Logger } from 'pino';
import { type ClusterState, commitInChunks, WatchingController } from '../store/controller.js';
import type { ObjectEvent } from '../store/object_store.js';
import type { StoreObject, StoreOp, Task } from '../store/types.js';
import { newObjectId } from '../store/ids.js';
import type { ReconcileActions } from './actions.js';
import { reconcileGlobal } from './global.js';
import { reconcileRemoved, reconcileReplicated } from './replicated.js';

export const DEFAULT_TASK_HISTORY_LIMIT = 5;

export class Orchestrator extends WatchingController {
  /** Services to reconcile in the next pass; null: every one (start, resync, node change). */
  private dirty: Set<string> | null = null;
  /** When each service asked to be reconciled again (its step's wakeAtMs). */
  private readonly wakes = new Map<string, number>();

  constructor(
    state: ClusterState,
    log: Logger,
    private readonly newId: () => string = newObjectId,
  ) {
    super(state, log, { name: 'orchestrator', resyncMs: 5_000 });
  }

  protected override onEvent(e: ObjectEvent): void {
    const o = e.object;
    if (o.object === 'node' || o.object === 'cluster') this.dirty = null;
    else if (o.object === 'service') this.dirty?.add(o.service!.id);
    else if (o.object === 'task') this.dirty?.add(o.task!.serviceId);
    this.loop.kick();
  }

  private get historyLimit(): number {
    const n = [...this.state.objects.clusters.values()][0]?.settings?.taskHistoryLimit ?? 0;
    return n > 0 ? n : DEFAULT_TASK_HISTORY_LIMIT;
  }

  /** One pass over the dirty services; returns the earliest time a reconcile asked to run again. */
  override async pass(): Promise<number> {
    const objects = this.state.objects;
    const now = this.state.nowMs();
    const which = this.dirty ? [...this.dirty] : [...new Set([...objects.services.keys(), ...[...objects.tasks.values()].map((t) => t.serviceId)])];
    // Services whose step asked to run again by now (the end of a delay or a monitor window).
    for (const [id, at] of this.wakes) {
      if (at > now) continue;
      this.wakes.delete(id);
      if (!which.includes(id)) which.push(id);
    }
    this.dirty = new Set();
    const ops: StoreOp[] = [];
    let wake = 0;
    for (const serviceId of which) {
      const service = objects.services.get(serviceId);
      const tasks = objects.tasksOfService(serviceId);
      let actions: ReconcileActions;
      if (!service) {
        actions = reconcileRemoved(tasks, objects.nodes);
      } else {
        const input = { service, tasks, nodes: objects.nodes, nowMs: now, taskHistoryLimit: this.historyLimit, newId: this.newId };
        actions = service.spec?.mode === 'global' ? reconcileGlobal(input) : reconcileReplicated(input);
      }
      ops.push(...toOps(actions, objects.tasks));
      if (actions.wakeAtMs > 0) this.wakes.set(serviceId, actions.wakeAtMs);
      else this.wakes.delete(serviceId);
    }
    for (const at of this.wakes.values()) {
      if (wake === 0 || at < wake) wake = at;
    }
    if (ops.length > 0) {
      const r = await commitInChunks(this.state, ops);
      this.log.info({ services: which.length, ops: ops.length, refused: r.refused }, 'reconciled');
      if (r.refused > 0) {
        this.dirty = null;
        this.loop.kick();
      }
    }
    return wake;
  }
}

function toOps(a: ReconcileActions, current: ReadonlyMap<string, Task>): StoreOp[] {
  const ops: StoreOp[] = [];
  // The service first: if it changed meanwhile (a user's update), the transaction is refused and
  // the service is reconciled again from the fresh state.
  if (a.service) ops.push({ kind: 'STORE_UPDATE', object: { object: 'service', service: a.service } as StoreObject, expectedVersion: a.service.meta!.version });
  for (const task of a.create) ops.push({ kind: 'STORE_CREATE', object: { object: 'task', task } as StoreObject, expectedVersion: 0 });
  for (const task of a.update) {
    const cur = current.get(task.id);
    if (cur) ops.push({ kind: 'STORE_UPDATE', object: { object: 'task', task } as StoreObject, expectedVersion: cur.meta!.version });
  }
  for (const id of a.remove) {
    const cur = current.get(id);
    if (cur) ops.push({ kind: 'STORE_DELETE', object: { object: 'task', task: cur } as StoreObject, expectedVersion: cur.meta!.version });
  }
  return ops;
}
