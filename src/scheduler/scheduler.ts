// The leader's scheduler loop: feeds the pure placement function with the store's nodes and
// tasks and writes its decisions: ASSIGNED with the node, or the reason a task stays PENDING
// (written only when it changed, so an unplaceable task does not rewrite itself every pass).
// It runs again whenever a task becomes pending or ends, a node changes, or a restart delay ends.
import type { Logger } from 'pino';
import { type ClusterState, commitInChunks, WatchingController } from '../store/controller.js';
import type { ObjectEvent } from '../store/object_store.js';
import { isTerminal } from '../store/task_states.js';
import type { StoreObject, StoreOp, Task } from '../store/types.js';
import { place } from './placement.js';

export class Scheduler extends WatchingController {
  constructor(state: ClusterState, log: Logger) {
    super(state, log, { name: 'scheduler', resyncMs: 5_000 });
  }

  protected override onEvent(e: ObjectEvent): void {
    if (e.object.object === 'node') return this.loop.kick();
    if (e.object.object !== 'task') return;
    const s = e.object.task!.status?.state;
    if (e.kind === 'delete' || s === 'TASK_PENDING' || isTerminal(s)) this.loop.kick();
  }

  /** One scheduling pass; returns when to run again for tasks still in their restart delay. */
  override async pass(): Promise<number> {
    const objects = this.state.objects;
    const pending = objects.tasksInState('TASK_PENDING').filter((t) => t.desiredState === 'TASK_RUNNING');
    if (pending.length === 0) return 0;
    const placed: Task[] = [];
    for (const t of objects.tasks.values()) {
      const s = t.status?.state ?? 'TASK_NEW';
      if (t.nodeId && s !== 'TASK_PENDING' && s !== 'TASK_NEW' && !isTerminal(s)) placed.push(t);
    }
    const now = this.state.nowMs();
    const result = place({ nodes: [...objects.nodes.values()], placed, pending, nowMs: now });
    const byId = new Map(pending.map((t) => [t.id, t]));
    const ops: StoreOp[] = [];
    for (const a of result.assigned) {
      const t = byId.get(a.taskId)!;
      const node = objects.nodes.get(a.nodeId);
      const task: Task = { ...t, nodeId: a.nodeId, status: { state: 'TASK_ASSIGNED', timestampMs: now, message: `assigned to node ${node?.hostname ?? a.nodeId}`, error: '', exitCode: 0 } };
      ops.push({ kind: 'STORE_UPDATE', object: { object: 'task', task } as StoreObject, expectedVersion: t.meta!.version });
    }
    for (const u of result.unplaced) {
      const t = byId.get(u.taskId)!;
      if (t.status?.message === u.reason) continue;
      const task: Task = { ...t, status: { state: 'TASK_PENDING', timestampMs: now, message: u.reason, error: '', exitCode: 0 } };
      ops.push({ kind: 'STORE_UPDATE', object: { object: 'task', task } as StoreObject, expectedVersion: t.meta!.version });
    }
    if (ops.length > 0) {
      const r = await commitInChunks(this.state, ops);
      if (result.assigned.length > 0) this.log.info({ assigned: result.assigned.length, unplaced: result.unplaced.length }, 'tasks scheduled');
      // A refused transaction raced with another writer: look again with fresh state.
      if (r.refused > 0) this.loop.kick();
    }
    return result.wakeAtMs;
  }
}
