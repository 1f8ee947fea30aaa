// What a reconcile step takes and gives back, and the plan it builds on the way: a view of the
// service's tasks with the actions decided so far applied, so that each later decision of the same
// step sees the earlier ones (which is what makes one step enough: reconciling again right after
// its actions were applied finds nothing to do).
import type { Node, Service, Task } from '../store/types.js';

export interface ReconcileInput {
  /** The service; service.spec is normalized (defaults filled in). */
  service: Service;
  /** Every task of the service, history included. */
  tasks: Task[];
  /** Every node of the cluster. */
  nodes: Map<string, Node>;
  nowMs: number;
  /** Finished tasks kept per slot (per node for a global service): the cluster setting, default 5. */
  taskHistoryLimit: number;
  /** Ids for new tasks. */
  newId: () => string;
}

/**
 * Write them in this order: create, update, remove. If they are split over several transactions
 * and only some land, the next step still converges: a replacement created without its
 * predecessor told to stop is a duplicate, which the next step stops (slot.ts resolveDuplicates),
 * whereas a predecessor stopped without its replacement would read as an ordinary empty slot and
 * lose the restart history.
 */
export interface ReconcileActions {
  /** New task objects (meta null: the store stamps it). */
  create: Task[];
  /** Changed copies of existing tasks (desired_state, shutdown_reason); meta is the one read. */
  update: Task[];
  /** Ids of tasks to delete from the store. */
  remove: string[];
  /** 0, or when to reconcile again. */
  wakeAtMs: number;
  /**
   * The service, changed (its update status and progress, or an automatic rollback), or absent.
   * Written with the version it was read at (meta as read), in the same transaction as the task
   * actions when they fit in one.
   */
  service?: Service;
}

export function noActions(): ReconcileActions {
  return { create: [], update: [], remove: [], wakeAtMs: 0 };
}

export function isEmpty(a: ReconcileActions): boolean {
  return a.create.length === 0 && a.update.length === 0 && a.remove.length === 0 && a.wakeAtMs === 0 && !a.service;
}

/** The actions of one reconcile step, collected, with a view of the tasks as they will be. */
export class ActionPlan {
  /** The tasks as they will be after the actions so far (originals, updated copies, new tasks). */
  private readonly view = new Map<string, Task>();
  private readonly original = new Set<string>();
  private readonly created: string[] = [];
  private readonly updated = new Set<string>();
  private readonly removed = new Set<string>();

  constructor(tasks: readonly Task[]) {
    for (const t of tasks) {
      if (this.view.has(t.id)) throw new Error(`task ${t.id} appears twice in the reconcile input`);
      this.view.set(t.id, t);
      this.original.add(t.id);
    }
  }

  /** Every task in the view, in a stable order (input order, then creation order). */
  tasks(): Task[] {
    return [...this.view.values()];
  }

  get(id: string): Task | undefined {
    return this.view.get(id);
  }

  /** Sets the desired state (and the reason, if given) of a task in the view; no-op if unchanged. */
  setDesired(task: Task, desiredState: Task['desiredState'], reason?: string): void {
    const cur = this.view.get(task.id);
    if (!cur) throw new Error(`task ${task.id} is not part of this reconcile (or was removed by it)`);
    const shutdownReason = reason ?? cur.shutdownReason;
    if (cur.desiredState === desiredState && cur.shutdownReason === shutdownReason) return;
    this.view.set(task.id, { ...cur, desiredState, shutdownReason });
    if (this.original.has(task.id)) this.updated.add(task.id);
  }

  create(task: Task): void {
    if (this.view.has(task.id) || this.removed.has(task.id)) throw new Error(`new task id ${task.id} is already in use`);
    this.view.set(task.id, task);
    this.created.push(task.id);
  }

  remove(id: string): void {
    if (!this.view.has(id)) return;
    this.view.delete(id);
    if (this.original.has(id)) this.removed.add(id);
    // A task created and removed by the same step never existed.
    const i = this.created.indexOf(id);
    if (i >= 0) this.created.splice(i, 1);
  }

  /** The collected actions. Updates of tasks that end up removed are dropped. */
  actions(wakeAtMs = 0, service?: Service | null): ReconcileActions {
    const update: Task[] = [];
    for (const id of [...this.updated].sort()) {
      const t = this.view.get(id);
      if (t) update.push(t);
    }
    return {
      create: this.created.map((id) => this.view.get(id)!),
      update,
      remove: [...this.removed].sort(),
      wakeAtMs,
      ...(service ? { service } : {}),
    };
  }
}

/** The input rules every reconcile relies on; breaking one is a bug of the caller. */
export function checkInput(input: ReconcileInput): void {
  const { service } = input;
  if (!service.spec) throw new Error(`service ${service.id} has no spec`);
  if (!(input.taskHistoryLimit >= 0)) throw new Error(`taskHistoryLimit must be >= 0, got ${input.taskHistoryLimit}`);
  for (const t of input.tasks) {
    if (t.serviceId !== service.id) throw new Error(`task ${t.id} belongs to service ${t.serviceId}, not ${service.id}`);
  }
}
