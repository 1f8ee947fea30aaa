// The object half of the Control service: services, tasks, nodes, the cluster, and their watch.
// Thin: validate, build a store transaction, propose it, translate the result.
import { createHash } from 'node:crypto';
import { newObjectId } from '../store/ids.js';
import * as grpc from '@grpc/grpc-js';
import type { ClusterInfo } from '../gen/baton/v1/ClusterInfo';
import type { ControlHandlers } from '../gen/baton/v1/Control';
import type { ObjectEvent } from '../gen/baton/v1/ObjectEvent';
import type { ObjectKind__Output } from '../gen/baton/v1/ObjectKind';
import type { ServiceSpec__Output } from '../gen/baton/v1/ServiceSpec';
import type { RequestId__Output } from '../gen/baton/v1/RequestId';
import { BatonError, type ErrorCode, invalid } from '../manager/errors.js';
import type { Replica } from '../manager/replica.js';
import { encode } from '../proto/load.js';
import { CompactedRevisionError } from '../store/kv_store.js';
import type { ObjectEvent as StoreEvent } from '../store/object_store.js';
import type { Node, Service, StoreObject, StoreOp, StoreTxResult, Task } from '../store/types.js';
import { toStatus, unary } from './grpc_util.js';
import { checkRequestId } from './validate.js';
import { normalizeServiceSpec } from './validate_service.js';
import { rollbackTarget, rolledBack, specWrittenVersion, type UpdateStatus, updateStatus, withNewSpec, withStatus } from '../orchestrator/revisions.js';

function stale(cur: Service, version: number): BatonError {
  return new BatonError('FAILED_PRECONDITION', `service ${cur.spec!.name} is at version ${cur.meta!.version}, not ${version}: it changed since it was read; read it again and retry`);
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export { newObjectId };

function pageSize(n: number): number {
  if (n > MAX_PAGE_SIZE) throw invalid('page_size', `must be at most ${MAX_PAGE_SIZE}, got ${n}`);
  return n === 0 ? DEFAULT_PAGE_SIZE : n;
}

/** Pages over items sorted by id; the token is the last id returned. */
function page<T extends { id: string }>(items: T[], size: number, token: string): { items: T[]; next: string } {
  const after = token ? Buffer.from(token, 'base64url').toString() : '';
  const sorted = items.filter((x) => x.id > after).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = sorted.slice(0, size);
  return { items: out, next: sorted.length > size ? Buffer.from(out[out.length - 1]!.id).toString('base64url') : '' };
}

const kindMap: Record<string, ObjectKind__Output> = { node: 'OBJECT_NODE', service: 'OBJECT_SERVICE', task: 'OBJECT_TASK', cluster: 'OBJECT_CLUSTER' };

export class ObjectsApi {
  constructor(private readonly replica: Replica) {}

  private get store() {
    return this.replica.kv.objects;
  }

  private async commit(ops: Omit<StoreOp, 'expectedVersion'>[] | StoreOp[], requestId: RequestId__Output | null = null): Promise<StoreTxResult> {
    const tx = { ops: ops.map((o) => ({ expectedVersion: 0, ...o })), nowMs: Date.now() };
    const r = await this.replica.write({ op: 'tx', tx, requestId: requestId?.clientId ? requestId : null });
    const res = (r as { tx: StoreTxResult }).tx;
    if (res.errorCode) throw new BatonError(res.errorCode as ErrorCode, res.error);
    return res;
  }

  private findService(service: string, namespace: string): Service {
    if (!service) throw invalid('service', 'must name a service (id or name)');
    const s = this.store.services.get(service) ?? this.store.serviceByName(namespace || 'default', service);
    if (!s) throw new BatonError('NOT_FOUND', `service ${JSON.stringify(service)} does not exist${namespace ? ` in namespace ${namespace}` : ''}`);
    return s;
  }

  private findNode(node: string): Node {
    if (!node) throw invalid('node', 'must name a node (id or hostname)');
    const n = this.store.nodes.get(node) ?? [...this.store.nodes.values()].find((x) => x.hostname === node);
    if (!n) throw new BatonError('NOT_FOUND', `node ${JSON.stringify(node)} does not exist`);
    return n;
  }

  private checkSpec(spec: ServiceSpec__Output | null): ServiceSpec__Output {
    const size = spec ? encode('baton.v1.ServiceSpec', spec).length : 0;
    return normalizeServiceSpec(spec, size);
  }

  async createService(spec: ServiceSpec__Output | null, requestId: RequestId__Output | null = null): Promise<Service> {
    const s = this.checkSpec(spec);
    checkRequestId(requestId);
    await this.replica.linearizable();
    // A retry of a create that was applied: the service it created (as it is now, if it still exists).
    const done = requestId?.clientId ? this.replica.kv.rememberedTx(requestId) : null;
    if (done && !done.errorCode && done.objects[0]?.service) return this.store.services.get(done.objects[0].service.id) ?? done.objects[0].service;
    if (this.store.serviceByName(s.namespace, s.name)) throw new BatonError('ALREADY_EXISTS', `spec.name: a service named ${s.name} already exists in namespace ${s.namespace}`);
    const svc = { id: newObjectId(), meta: null, spec: s, previousSpec: null, specVersion: 1, updateStatus: null, revision: 1, history: [], lastSpecVersion: 1, specWrittenVersion: 0 } as unknown as Service;
    const r = await this.commit([{ kind: 'STORE_CREATE', object: { object: 'service', service: svc } as StoreObject }], requestId);
    return r.objects[0]!.service!;
  }

  async updateService(service: string, namespace: string, version: number, spec: ServiceSpec__Output | null): Promise<Service> {
    if (!(version > 0)) throw invalid('version', 'must be the version of the service you read (meta.version)');
    const next = this.checkSpec(spec);
    return this.writeSpec(service, namespace, version, (cur) => {
      if (next.name !== cur.spec!.name || next.namespace !== cur.spec!.namespace) throw invalid('spec.name', 'a service cannot be renamed or moved to another namespace');
      // An update that changes nothing is not a new revision of the spec (and keeps rollback useful).
      if (Buffer.from(encode('baton.v1.ServiceSpec', next)).equals(Buffer.from(encode('baton.v1.ServiceSpec', cur.spec!)))) return null;
      // Tasks run the task template: only a change of it makes them outdated (scaling restarts nothing).
      const sameTask = Buffer.from(encode('baton.v1.TaskSpec', next.task ?? {})).equals(Buffer.from(encode('baton.v1.TaskSpec', cur.spec!.task ?? {})));
      return withNewSpec(cur, next, sameTask, Date.now());
    });
  }

  /** Back to the spec before the last change, or to `toRevision` from the history. */
  async rollbackService(service: string, namespace: string, version: number, toRevision: number): Promise<Service> {
    if (!(version > 0)) throw invalid('version', 'must be the version of the service you read (meta.version)');
    return this.writeSpec(service, namespace, version, (cur) => {
      const target = rollbackTarget(cur, toRevision);
      if (!target.ok) throw new BatonError(target.code, target.message);
      return rolledBack(cur, target.revision, Date.now(), toRevision > 0 ? `rollback to revision ${toRevision} asked for` : 'rollback asked for');
    });
  }

  /**
   * A change of the spec based on `version` (the meta.version the user read). It is stale only if
   * the spec changed since: writes of the update status alone (the orchestrator's progress) do not
   * count (Service.spec_written_version), or every update during a rollout would be refused. The
   * write itself names the version just read; if the orchestrator wrote meanwhile, it is redone
   * on the fresh service. `change` returns null for "nothing to change".
   */
  private async writeSpec(service: string, namespace: string, version: number, change: (cur: Service) => Service | null): Promise<Service> {
    for (let attempt = 0; ; attempt++) {
      await this.replica.linearizable();
      const cur = this.findService(service, namespace);
      if (version < specWrittenVersion(cur) || version > cur.meta!.version) throw stale(cur, version);
      const svc = change(cur);
      if (!svc) return cur;
      try {
        const r = await this.commit([{ kind: 'STORE_UPDATE', object: { object: 'service', service: svc } as StoreObject, expectedVersion: cur.meta!.version }]);
        return r.objects[0]!.service!;
      } catch (e) {
        if (!(e instanceof BatonError && e.code === 'FAILED_PRECONDITION') || attempt >= 4) throw e;
      }
    }
  }

  /**
   * A change of the update status only (promote, resume, rebalance): `change` says why it cannot
   * be done (FAILED_PRECONDITION) or returns the new status. With version 0, a write refused
   * because the orchestrator wrote the service meanwhile is tried again on the fresh service.
   */
  private async changeStatus(service: string, namespace: string, version: number, change: (s: Service, nowMs: number) => UpdateStatus): Promise<Service> {
    for (let attempt = 0; ; attempt++) {
      await this.replica.linearizable();
      const cur = this.findService(service, namespace);
      if (version > 0 && cur.meta!.version !== version) throw stale(cur, version);
      const svc = withStatus(cur, change(cur, Date.now()));
      try {
        const r = await this.commit([{ kind: 'STORE_UPDATE', object: { object: 'service', service: svc } as StoreObject, expectedVersion: cur.meta!.version }]);
        return r.objects[0]!.service!;
      } catch (e) {
        if (version > 0 || !(e instanceof BatonError && e.code === 'FAILED_PRECONDITION') || attempt >= 4) throw e;
      }
    }
  }

  promoteService(service: string, namespace: string, version: number): Promise<Service> {
    return this.changeStatus(service, namespace, version, (s) => {
      const st = s.updateStatus;
      const waiting = st && st.specVersion === s.specVersion && (st.state === 'UPDATE_CANARY' || (st.state === 'UPDATE_UPDATING' && (s.spec!.update?.canary ?? 0) > 0 && !st.promoted));
      if (!waiting) {
        throw new BatonError('FAILED_PRECONDITION', `service ${s.spec!.name} has no canary waiting for promotion (update state ${st?.state ?? 'UPDATE_NONE'}${(s.spec!.update?.canary ?? 0) === 0 ? '; its update config has canary 0' : ''})`);
      }
      return { ...st, state: 'UPDATE_UPDATING', promoted: true, message: `canary promoted; updating the rest to spec version ${s.specVersion}` };
    });
  }

  resumeServiceUpdate(service: string, namespace: string, version: number): Promise<Service> {
    return this.changeStatus(service, namespace, version, (s) => {
      const st = s.updateStatus;
      if (!st || (st.state !== 'UPDATE_PAUSED' && st.state !== 'UPDATE_ROLLBACK_PAUSED')) {
        throw new BatonError('FAILED_PRECONDITION', `service ${s.spec!.name} has no paused update or rollback to resume (update state ${st?.state ?? 'UPDATE_NONE'})`);
      }
      const rollback = st.state === 'UPDATE_ROLLBACK_PAUSED';
      // The failures seen so far stay counted by id (never counted again) but no longer weigh on the ratio.
      return { ...st, state: rollback ? 'UPDATE_ROLLING_BACK' : 'UPDATE_UPDATING', failures: 0, message: `${rollback ? 'rollback' : 'update'} resumed (was: ${st.message})` };
    });
  }

  rebalanceService(service: string, namespace: string, version: number): Promise<Service> {
    return this.changeStatus(service, namespace, version, (s, nowMs) => {
      if (s.spec!.mode === 'global') throw new BatonError('FAILED_PRECONDITION', `service ${s.spec!.name} is global: it runs one task per node, there is nothing to rebalance`);
      const st = s.updateStatus?.state;
      if (st === 'UPDATE_UPDATING' || st === 'UPDATE_ROLLING_BACK' || st === 'UPDATE_CANARY' || st === 'UPDATE_PAUSED' || st === 'UPDATE_ROLLBACK_PAUSED') {
        throw new BatonError('FAILED_PRECONDITION', `service ${s.spec!.name} is in the middle of a rollout (${st}): rebalance once it finished`);
      }
      return updateStatus({ state: 'UPDATE_REBALANCING', message: 'rebalancing: moving tasks to even out the spread over the nodes', startedMs: nowMs, specVersion: s.specVersion, fromSpecVersion: s.specVersion });
    });
  }

  async removeService(service: string, namespace: string): Promise<void> {
    // Only the service goes here; the orchestrator tells its tasks to stop and deletes them once
    // stopped (writing them here too would race with the controllers updating them).
    for (let attempt = 0; ; attempt++) {
      await this.replica.linearizable();
      const cur = this.findService(service, namespace);
      try {
        await this.commit([{ kind: 'STORE_DELETE', object: { object: 'service', service: cur } as StoreObject, expectedVersion: cur.meta!.version }]);
        return;
      } catch (e) {
        // A controller wrote the service meanwhile (its update status): read it again.
        if (!(e instanceof BatonError && e.code === 'FAILED_PRECONDITION') || attempt >= 4) throw e;
      }
    }
  }

  clusterInfo(): ClusterInfo {
    const kv = this.replica.kv;
    const hash = (s: string) => createHash('sha256').update(s).digest('hex');
    return {
      id: kv.clusterId,
      meta: { version: kv.revision, createdAtMs: 0, updatedAtMs: 0 },
      settings: { taskHistoryLimit: 5, heartbeatGraceMs: 3_000 },
      managerTokenHash: hash(kv.tokens.manager),
      workerTokenHash: hash(kv.tokens.worker),
    };
  }

  private toEvent(e: StoreEvent): ObjectEvent {
    const kind = e.kind === 'create' ? 'OBJECT_CREATED' : e.kind === 'update' ? 'OBJECT_UPDATED' : 'OBJECT_DELETED';
    return { kind, revision: e.revision, ...(e.object as unknown as Record<string, unknown>) } as ObjectEvent;
  }

  handlers(): Pick<
    ControlHandlers,
    | 'CreateService' | 'GetService' | 'ListServices' | 'UpdateService' | 'RollbackService' | 'RemoveService'
    | 'PromoteService' | 'ResumeServiceUpdate' | 'RebalanceService'
    | 'ListTasks' | 'GetTask' | 'ListNodes' | 'GetNode' | 'UpdateNode' | 'RemoveNode' | 'GetCluster' | 'WatchObjects'
  > {
    return {
      CreateService: unary((req) => this.createService(req.spec, req.requestId)),
      GetService: unary(async (req) => {
        await this.replica.linearizable();
        return this.findService(req.service, req.namespace);
      }),
      ListServices: unary(async (req) => {
        const size = pageSize(req.pageSize);
        await this.replica.linearizable();
        const all = [...this.store.services.values()].filter(
          (s) => (!req.namespace || s.spec!.namespace === req.namespace) && Object.entries(req.labels).every(([k, v]) => s.spec!.labels[k] === v),
        );
        const p = page(all, size, req.pageToken);
        return { services: p.items, nextPageToken: p.next, revision: this.replica.kv.revision };
      }),
      UpdateService: unary((req) => this.updateService(req.service, req.namespace, req.version, req.spec)),
      RollbackService: unary((req) => this.rollbackService(req.service, req.namespace, req.version, req.toRevision)),
      PromoteService: unary((req) => this.promoteService(req.service, req.namespace, req.version)),
      ResumeServiceUpdate: unary((req) => this.resumeServiceUpdate(req.service, req.namespace, req.version)),
      RebalanceService: unary((req) => this.rebalanceService(req.service, req.namespace, req.version)),
      RemoveService: unary(async (req) => {
        await this.removeService(req.service, req.namespace);
        return {};
      }),
      ListTasks: unary(async (req) => {
        const size = pageSize(req.pageSize);
        await this.replica.linearizable();
        let tasks: Task[] = req.serviceId ? this.store.tasksOfService(req.serviceId) : req.nodeId ? this.store.tasksOfNode(req.nodeId) : [...this.store.tasks.values()];
        if (req.nodeId) tasks = tasks.filter((t) => t.nodeId === req.nodeId);
        if (req.desiredStates.length > 0) tasks = tasks.filter((t) => req.desiredStates.includes(t.desiredState));
        const p = page(tasks, size, req.pageToken);
        return { tasks: p.items, nextPageToken: p.next, revision: this.replica.kv.revision };
      }),
      GetTask: unary(async (req) => {
        if (!req.id) throw invalid('id', 'must not be empty');
        await this.replica.linearizable();
        const t = this.store.tasks.get(req.id);
        if (!t) throw new BatonError('NOT_FOUND', `task ${JSON.stringify(req.id)} does not exist`);
        return t;
      }),
      ListNodes: unary(async (req) => {
        const size = pageSize(req.pageSize);
        await this.replica.linearizable();
        const p = page([...this.store.nodes.values()], size, req.pageToken);
        return { nodes: p.items, nextPageToken: p.next, revision: this.replica.kv.revision };
      }),
      GetNode: unary(async (req) => {
        await this.replica.linearizable();
        return this.findNode(req.node);
      }),
      UpdateNode: unary(async (req) => {
        if (!(req.version > 0)) throw invalid('version', 'must be the version of the node you read (meta.version)');
        if (!req.spec) throw invalid('spec', 'is required');
        const spec = req.spec;
        for (const [k, v] of Object.entries(spec.labels)) {
          if (!/^[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?$/.test(k)) throw invalid(`spec.labels["${k}"]`, 'a label key has 1-63 characters: letters, digits, and . _ / - inside');
          if (v.length > 256) throw invalid(`spec.labels["${k}"]`, 'a label value has at most 256 characters');
        }
        if (!['NODE_ACTIVE', 'NODE_PAUSE', 'NODE_DRAIN'].includes(spec.availability)) throw invalid('spec.availability', `must be NODE_ACTIVE, NODE_PAUSE or NODE_DRAIN, got ${JSON.stringify(spec.availability)}`);
        if (!['NODE_WORKER', 'NODE_MANAGER'].includes(spec.role)) throw invalid('spec.role', `must be NODE_WORKER or NODE_MANAGER, got ${JSON.stringify(spec.role)}`);
        await this.replica.linearizable();
        const cur = this.findNode(req.node);
        const r = await this.commit([{ kind: 'STORE_UPDATE', object: { object: 'node', node: { ...cur, spec } } as StoreObject, expectedVersion: req.version }]);
        return r.objects[0]!.node!;
      }),
      RemoveNode: unary(async (req) => {
        await this.replica.linearizable();
        const cur = this.findNode(req.node);
        if (!req.force && cur.status?.state !== 'NODE_DOWN') {
          throw new BatonError('FAILED_PRECONDITION', `node ${cur.hostname || cur.id} is not down (${cur.status?.state ?? 'NODE_UNKNOWN'}); drain it and stop its agent first, or use force`);
        }
        await this.commit([{ kind: 'STORE_DELETE', object: { object: 'node', node: cur } as StoreObject, expectedVersion: cur.meta!.version }]);
        return {};
      }),
      GetCluster: unary(async () => {
        await this.replica.linearizable();
        return this.clusterInfo();
      }),
      WatchObjects: (call) => {
        const kinds = new Set<ObjectKind__Output>(call.request.kinds.filter((k) => k !== 'OBJECT_ANY'));
        try {
          const stop = this.replica.kv.watchObjects((e) => {
            if (kinds.size > 0 && !kinds.has(kindMap[e.object.object!]!)) return;
            call.write(this.toEvent(e));
          }, call.request.startRevision);
          call.on('cancelled', stop);
          call.on('close', stop);
        } catch (e) {
          const status = e instanceof CompactedRevisionError ? { code: grpc.status.OUT_OF_RANGE, details: e.message } : toStatus(e);
          // emit('error'), not destroy(): grpc-js sends the status of an 'error' event; a destroyed
          // stream ends without one and the caller would wait forever.
          call.emit('error', Object.assign(new Error(status.details ?? 'watch failed'), status));
        }
      },
    };
  }
}
