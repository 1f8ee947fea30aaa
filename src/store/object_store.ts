// The cluster's objects (nodes, services, tasks, the cluster), in memory, with the indexes the
// controllers and the API query by. Changed only by transactions applied in log order: every op
// of a transaction applies or none does, and update/delete ops may name the version they read
// (optimistic concurrency). Deterministic: timestamps come from the transaction.
import type { ClusterInfo, Meta, Node, Service, StoreObject, StoreOp, StoreTx, StoreTxResult, Task } from './types.js';

export type ObjectKind = 'node' | 'service' | 'task' | 'cluster';

export interface ObjectEvent {
  kind: 'create' | 'update' | 'delete';
  object: StoreObject;
  revision: number;
}

type AnyObject = Node | Service | Task | ClusterInfo;

function kindOf(o: StoreObject): ObjectKind {
  if (!o.object) throw new Error('store object without a kind');
  return o.object;
}

function payload(o: StoreObject): AnyObject {
  const k = kindOf(o);
  return (o as unknown as Record<ObjectKind, AnyObject>)[k];
}

function wrap(kind: ObjectKind, obj: AnyObject): StoreObject {
  return { object: kind, [kind]: obj } as unknown as StoreObject;
}

class TxError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'ALREADY_EXISTS' | 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT',
    message: string,
  ) {
    super(message);
  }
}

/** A secondary index: key -> set of ids. */
class Index {
  private readonly map = new Map<string, Set<string>>();
  add(key: string, id: string): void {
    let s = this.map.get(key);
    if (!s) this.map.set(key, (s = new Set()));
    s.add(id);
  }
  remove(key: string, id: string): void {
    const s = this.map.get(key);
    if (!s) return;
    s.delete(id);
    if (s.size === 0) this.map.delete(key);
  }
  get(key: string): ReadonlySet<string> {
    return this.map.get(key) ?? new Set();
  }
}

export class ObjectStore {
  readonly nodes = new Map<string, Node>();
  readonly services = new Map<string, Service>();
  readonly tasks = new Map<string, Task>();
  readonly clusters = new Map<string, ClusterInfo>();
  /** namespace/name -> service id (names are unique within a namespace). */
  private readonly serviceNames = new Map<string, string>();
  private readonly tasksByService = new Index();
  private readonly tasksByNode = new Index();
  private readonly tasksByState = new Index();

  private table(kind: ObjectKind): Map<string, AnyObject> {
    switch (kind) {
      case 'node':
        return this.nodes as Map<string, AnyObject>;
      case 'service':
        return this.services as Map<string, AnyObject>;
      case 'task':
        return this.tasks as Map<string, AnyObject>;
      case 'cluster':
        return this.clusters as Map<string, AnyObject>;
    }
  }

  // ------------------------------------------------------------------ queries

  serviceByName(namespace: string, name: string): Service | null {
    const id = this.serviceNames.get(`${namespace}/${name}`);
    return id ? this.services.get(id)! : null;
  }

  tasksOfService(serviceId: string): Task[] {
    return [...this.tasksByService.get(serviceId)].map((id) => this.tasks.get(id)!);
  }

  tasksOfNode(nodeId: string): Task[] {
    return [...this.tasksByNode.get(nodeId)].map((id) => this.tasks.get(id)!);
  }

  tasksInState(state: string): Task[] {
    return [...this.tasksByState.get(state)].map((id) => this.tasks.get(id)!);
  }

  // ------------------------------------------------------------------ transactions

  /**
   * Applies a transaction at `revision`: checks every op against the current state first, then
   * applies them all. Returns the result and the change events (none if it failed).
   */
  apply(tx: StoreTx, revision: number): { result: StoreTxResult; events: ObjectEvent[] } {
    try {
      this.check(tx);
    } catch (e) {
      if (!(e instanceof TxError)) throw e;
      return { result: { revision: 0, errorCode: e.code, error: e.message, objects: [] }, events: [] };
    }
    const events: ObjectEvent[] = [];
    const written: StoreObject[] = [];
    for (const op of tx.ops) {
      const kind = kindOf(op.object!);
      const obj = payload(op.object!);
      const table = this.table(kind);
      const old = table.get(obj.id) ?? null;
      if (op.kind === 'STORE_DELETE') {
        this.unindex(kind, old!);
        table.delete(obj.id);
        events.push({ kind: 'delete', object: wrap(kind, old!), revision });
        continue;
      }
      const meta: Meta = {
        version: revision,
        createdAtMs: old ? old.meta!.createdAtMs : tx.nowMs,
        updatedAtMs: tx.nowMs,
      };
      const next = { ...obj, meta } as AnyObject;
      if (old) this.unindex(kind, old);
      table.set(obj.id, next);
      this.index(kind, next);
      const w = wrap(kind, next);
      written.push(w);
      events.push({ kind: old ? 'update' : 'create', object: w, revision });
    }
    return { result: { revision, errorCode: '', error: '', objects: written }, events };
  }

  private check(tx: StoreTx): void {
    if (tx.ops.length === 0) throw new TxError('INVALID_ARGUMENT', 'ops: a transaction needs at least one op');
    // Ops see the effects of earlier ops of the same transaction.
    const seen = new Map<string, AnyObject | null>();
    const names = new Map<string, string | null>();
    tx.ops.forEach((op, i) => {
      if (!op.object?.object) throw new TxError('INVALID_ARGUMENT', `ops[${i}].object: the object kind is missing`);
      const kind = kindOf(op.object);
      const obj = payload(op.object);
      if (!obj.id) throw new TxError('INVALID_ARGUMENT', `ops[${i}].object.id: must not be empty`);
      const key = `${kind}/${obj.id}`;
      const cur = seen.has(key) ? seen.get(key)! : (this.table(kind).get(obj.id) ?? null);
      const what = `${kind} ${obj.id}`;
      switch (op.kind) {
        case 'STORE_CREATE':
          if (cur) throw new TxError('ALREADY_EXISTS', `${what} already exists`);
          break;
        case 'STORE_UPDATE':
        case 'STORE_DELETE':
          if (!cur) throw new TxError('NOT_FOUND', `${what} does not exist`);
          if (op.expectedVersion !== 0 && cur.meta!.version !== op.expectedVersion) {
            throw new TxError(
              'FAILED_PRECONDITION',
              `${what} is at version ${cur.meta!.version}, not ${op.expectedVersion}: it changed since it was read; read it again and retry`,
            );
          }
          break;
      }
      if (kind === 'service') {
        const svc = (op.kind === 'STORE_DELETE' ? cur : obj) as Service;
        const nameKey = `${svc.spec?.namespace ?? ''}/${svc.spec?.name ?? ''}`;
        if (op.kind !== 'STORE_DELETE') {
          const owner = names.has(nameKey) ? names.get(nameKey) : (this.serviceNames.get(nameKey) ?? null);
          if (owner && owner !== obj.id) throw new TxError('ALREADY_EXISTS', `service name ${nameKey} is taken by service ${owner}`);
          names.set(nameKey, obj.id);
        } else {
          names.set(nameKey, null);
        }
      }
      seen.set(key, op.kind === 'STORE_DELETE' ? null : ({ ...obj, meta: cur?.meta ?? { version: 0, createdAtMs: 0, updatedAtMs: 0 } } as AnyObject));
    });
  }

  private index(kind: ObjectKind, o: AnyObject): void {
    if (kind === 'service') {
      const s = o as Service;
      this.serviceNames.set(`${s.spec?.namespace ?? ''}/${s.spec?.name ?? ''}`, s.id);
    } else if (kind === 'task') {
      const t = o as Task;
      this.tasksByService.add(t.serviceId, t.id);
      if (t.nodeId) this.tasksByNode.add(t.nodeId, t.id);
      this.tasksByState.add(t.status?.state ?? 'TASK_NEW', t.id);
    }
  }

  private unindex(kind: ObjectKind, o: AnyObject): void {
    if (kind === 'service') {
      const s = o as Service;
      this.serviceNames.delete(`${s.spec?.namespace ?? ''}/${s.spec?.name ?? ''}`);
    } else if (kind === 'task') {
      const t = o as Task;
      this.tasksByService.remove(t.serviceId, t.id);
      if (t.nodeId) this.tasksByNode.remove(t.nodeId, t.id);
      this.tasksByState.remove(t.status?.state ?? 'TASK_NEW', t.id);
    }
  }

  // ------------------------------------------------------------------ snapshots

  /** Every object, in a fixed order (kind, then id), for the snapshot. */
  all(): StoreObject[] {
    const out: StoreObject[] = [];
    for (const kind of ['cluster', 'node', 'service', 'task'] as ObjectKind[]) {
      const t = this.table(kind);
      for (const id of [...t.keys()].sort()) out.push(wrap(kind, t.get(id)!));
    }
    return out;
  }

  restore(objects: readonly StoreObject[]): void {
    for (const kind of ['cluster', 'node', 'service', 'task'] as ObjectKind[]) this.table(kind).clear();
    this.serviceNames.clear();
    for (const idx of [this.tasksByService, this.tasksByNode, this.tasksByState]) (idx as unknown as { map: Map<string, Set<string>> }).map.clear();
    for (const o of objects) {
      const kind = kindOf(o);
      const obj = payload(o);
      this.table(kind).set(obj.id, obj);
      this.index(kind, obj);
    }
  }
}

export type { StoreOp };
