// The typed baton client: talks to a list of managers, moves on to another manager when one is
// unreachable or has no leader, and retries writes safely (each write carries a request id, so a
// retried write is applied once).
import type { LogLine__Output } from '../gen/baton/v1/LogLine';
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { CHANNEL_OPTIONS, grpcProtos, isServiceError } from '../api/grpc_util.js';
import { TurnBatcher } from '../api/turn_batch.js';
import type { BackupChunk__Output } from '../gen/baton/v1/BackupChunk';
import type { BackupHeader__Output } from '../gen/baton/v1/BackupHeader';
import type { ClusterClient } from '../gen/baton/v1/Cluster';
import type { CompareAndSwapResponse__Output } from '../gen/baton/v1/CompareAndSwapResponse';
import type { ControlClient } from '../gen/baton/v1/Control';
import type { DeleteResponse__Output } from '../gen/baton/v1/DeleteResponse';
import type { GetResponse__Output } from '../gen/baton/v1/GetResponse';
import type { ListManagersResponse__Output } from '../gen/baton/v1/ListManagersResponse';
import type { MembershipResponse__Output } from '../gen/baton/v1/MembershipResponse';
import type { RaftStatus__Output } from '../gen/baton/v1/RaftStatus';
import type { PutResponse__Output } from '../gen/baton/v1/PutResponse';
import type { RangeResponse__Output } from '../gen/baton/v1/RangeResponse';
import type { SessionRequest } from '../gen/baton/v1/SessionRequest';
import type { SessionResponse__Output } from '../gen/baton/v1/SessionResponse';
import type { SessionRequests } from '../gen/baton/v1/SessionRequests';
import type { SessionResponses__Output } from '../gen/baton/v1/SessionResponses';
import type { TokensResponse__Output } from '../gen/baton/v1/TokensResponse';
import type { WatchEvent__Output } from '../gen/baton/v1/WatchEvent';
import type { ClusterInfo__Output } from '../gen/baton/v1/ClusterInfo';
import type { ListNodesResponse__Output } from '../gen/baton/v1/ListNodesResponse';
import type { ListServicesResponse__Output } from '../gen/baton/v1/ListServicesResponse';
import type { ListTasksResponse__Output } from '../gen/baton/v1/ListTasksResponse';
import type { Node__Output } from '../gen/baton/v1/Node';
import type { NodeSpec } from '../gen/baton/v1/NodeSpec';
import type { ObjectEvent__Output } from '../gen/baton/v1/ObjectEvent';
import type { ObjectKind } from '../gen/baton/v1/ObjectKind';
import type { Service__Output } from '../gen/baton/v1/Service';
import type { ServiceSpec, ServiceSpec__Output } from '../gen/baton/v1/ServiceSpec';
import type { Task__Output } from '../gen/baton/v1/Task';
import type { TaskState } from '../gen/baton/v1/TaskState';
import { normalizeServiceSpec } from '../api/validate_service.js';
import { decode, encode } from '../proto/load.js';
import { type BackupSink, checkBackupState } from '../store/backup_file.js';

export interface ClientOptions {
  /** Manager addresses ("host:port"). */
  managers: string[];
  /** Per-call deadline including retries across managers. Default 10 s. */
  timeoutMs?: number;
}

/** A call failed: the gRPC status code name and the server's message. */
export class BatonClientError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
  get codeName(): string {
    return grpc.status[this.code] ?? String(this.code);
  }
}

type Callback<T> = (e: grpc.ServiceError | null, r?: T) => void;

/** Codes after which the same call may go to another manager. */
const RETRYABLE = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED]);
/** The first attempt's budget on one manager (see call). */
const FIRST_ATTEMPT_MS = 1_000;

export class BatonClient {
  readonly managers: string[];
  private readonly timeoutMs: number;
  private readonly control = new Map<string, ControlClient>();
  private readonly cluster = new Map<string, ClusterClient>();
  /** Index of the manager that answered last (tried first). */
  private current = 0;
  readonly clientId = randomBytes(8).toString('hex');
  private seq = 0;

  constructor(opts: ClientOptions) {
    if (opts.managers.length === 0) throw new Error('managers: at least one manager address is needed');
    this.managers = [...opts.managers];
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  close(): void {
    for (const c of this.control.values()) c.close();
    for (const c of this.cluster.values()) c.close();
  }

  private controlClient(addr: string): ControlClient {
    let c = this.control.get(addr);
    if (!c) {
      c = new (grpcProtos().baton.v1.Control)(addr, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
      this.control.set(addr, c);
    }
    return c;
  }

  private clusterClient(addr: string): ClusterClient {
    let c = this.cluster.get(addr);
    if (!c) {
      c = new (grpcProtos().baton.v1.Cluster)(addr, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
      this.cluster.set(addr, c);
    }
    return c;
  }

  /**
   * Calls `fn` on one manager after another until one answers, an error that must not be retried,
   * or the deadline. `retryIf` decides which failures may be sent again (to the next manager);
   * by default UNAVAILABLE and DEADLINE_EXCEEDED, which suits reads and writes that carry a request
   * id or a version. `onRetry` hears every failure that is retried.
   */
  private async call<T>(
    fn: (addr: string, deadline: number, cb: Callback<T>) => void,
    retryIf: (e: grpc.ServiceError) => boolean = (e) => RETRYABLE.has(e.code),
    onRetry?: (e: grpc.ServiceError) => void,
  ): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    let last: grpc.ServiceError | null = null;
    // A manager that does not answer within an attempt's budget is left for the next: 1 s first
    // (a silent old leader, paused or cut off, should not hold the call for half the timeout),
    // doubling after each attempt that ran out (a call that is just slow still gets its time), at
    // most half the timeout. Safe to send again: see `retryIf`.
    let cutOff = 0;
    for (let attempt = 0; attempt < 1000 && Date.now() < deadline; attempt++) {
      const addr = this.managers[this.current % this.managers.length]!;
      const budget = Math.max(FIRST_ATTEMPT_MS, Math.min(this.timeoutMs / 2, FIRST_ATTEMPT_MS * 2 ** cutOff));
      const perCall = Math.min(deadline, Date.now() + budget);
      try {
        return await new Promise<T>((resolve, reject) => fn(addr, perCall, (e, r) => (e ? reject(e) : resolve(r as T))));
      } catch (e) {
        const se = e as grpc.ServiceError;
        last = se;
        if (se.code === grpc.status.DEADLINE_EXCEEDED && Date.now() >= perCall - 50) cutOff++;
        if (!retryIf(se)) throw new BatonClientError(se.code, se.details || se.message);
        onRetry?.(se);
        this.current++;
        // Give an election time to finish before going round the managers again.
        if (this.current % this.managers.length === 0) await new Promise((r) => setTimeout(r, Math.min(200, Math.max(0, deadline - Date.now()))));
      }
    }
    throw new BatonClientError(last?.code ?? grpc.status.DEADLINE_EXCEEDED, last?.details || `no manager answered within ${this.timeoutMs} ms (${this.managers.join(', ')})`);
  }

  private requestId() {
    return { clientId: this.clientId, seq: ++this.seq };
  }

  // ------------------------------------------------------------------ key/value

  put(key: string, value: Buffer | string): Promise<PutResponse__Output> {
    const req = { key, value: Buffer.from(value), requestId: this.requestId() };
    return this.call((a, d, cb) => this.controlClient(a).Put(req, { deadline: d }, cb));
  }

  get(key: string, opts: { local?: boolean } = {}): Promise<GetResponse__Output> {
    const req = { key, consistency: opts.local ? ('READ_LOCAL' as const) : ('READ_LINEARIZABLE' as const) };
    return this.call((a, d, cb) => this.controlClient(a).Get(req, { deadline: d }, cb));
  }

  delete(key: string): Promise<DeleteResponse__Output> {
    const req = { key, requestId: this.requestId() };
    return this.call((a, d, cb) => this.controlClient(a).Delete(req, { deadline: d }, cb));
  }

  /** Sets key to value if its value is `expected.value`, or its version is `expected.version` (0: absent). */
  compareAndSwap(key: string, expected: { value: Buffer | string } | { version: number }, value: Buffer | string): Promise<CompareAndSwapResponse__Output> {
    const req = {
      key,
      ...('value' in expected ? { expectedValue: Buffer.from(expected.value) } : { expectedVersion: expected.version }),
      value: Buffer.from(value),
      requestId: this.requestId(),
    };
    return this.call((a, d, cb) => this.controlClient(a).CompareAndSwap(req, { deadline: d }, cb));
  }

  range(prefix: string, opts: { limit?: number; startAfter?: string; local?: boolean } = {}): Promise<RangeResponse__Output> {
    const req = { prefix, limit: opts.limit ?? 0, startAfter: opts.startAfter ?? '', consistency: opts.local ? ('READ_LOCAL' as const) : ('READ_LINEARIZABLE' as const) };
    return this.call((a, d, cb) => this.controlClient(a).Range(req, { deadline: d }, cb));
  }

  /** Changes under prefix, as an async iterator (replaying from startRevision if > 0). */
  async *watch(prefix: string, startRevision = 0, signal?: AbortSignal): AsyncGenerator<WatchEvent__Output> {
    const addr = this.managers[this.current % this.managers.length]!;
    const stream = this.controlClient(addr).Watch({ prefix, startRevision });
    signal?.addEventListener('abort', () => stream.cancel());
    try {
      for await (const e of stream as AsyncIterable<WatchEvent__Output>) yield e;
    } catch (e) {
      const se = e as grpc.ServiceError;
      if (se.code === grpc.status.CANCELLED && signal?.aborted) return;
      throw new BatonClientError(se.code, se.details || se.message);
    } finally {
      stream.cancel();
    }
  }

  /**
   * Opens the streaming write path on one manager: many requests in flight on one stream.
   * Requests that fail because the manager became unavailable are not retried here.
   */
  session(): KvSession {
    const addr = this.managers[this.current % this.managers.length]!;
    return new KvSession(this.controlClient(addr).Session(), this);
  }

  /** @internal */
  nextRequestId() {
    return this.requestId();
  }

  // ------------------------------------------------------------------ cluster

  listManagers(): Promise<ListManagersResponse__Output> {
    return this.call((a, d, cb) => this.clusterClient(a).ListManagers({}, { deadline: d }, cb));
  }

  removeManager(id: number): Promise<MembershipResponse__Output> {
    return this.call((a, d, cb) => this.clusterClient(a).RemoveManager({ id }, { deadline: d }, cb));
  }

  demoteManager(id: number): Promise<MembershipResponse__Output> {
    return this.call((a, d, cb) => this.clusterClient(a).DemoteManager({ id }, { deadline: d }, cb));
  }

  promoteManager(id: number): Promise<MembershipResponse__Output> {
    return this.call((a, d, cb) => this.clusterClient(a).PromoteManager({ id }, { deadline: d }, cb));
  }

  transferLeadership(to = 0): Promise<{ leader: number }> {
    return this.call((a, d, cb) => this.clusterClient(a).TransferLeadership({ to }, { deadline: d }, cb));
  }

  /** Status of one specific manager (no failover: the answer is about that manager). */
  nodeStatus(addr: string, timeoutMs = 2000): Promise<RaftStatus__Output> {
    return new Promise((resolve, reject) =>
      this.clusterClient(addr).RaftStatus({}, { deadline: Date.now() + timeoutMs }, (e, r) =>
        e ? reject(new BatonClientError(e.code, e.details || e.message)) : resolve(r!),
      ),
    );
  }

  /** Asks the manager at addr to leave the cluster (it hands over leadership first) and stop. */
  leave(addr: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.clusterClient(addr).Leave({}, { deadline: Date.now() + this.timeoutMs }, (e) =>
        e ? reject(new BatonClientError(e.code, e.details || e.message)) : resolve(),
      ),
    );
  }

  tokens(rotate: { manager?: boolean; worker?: boolean } = {}): Promise<TokensResponse__Output> {
    const req = { rotateManager: rotate.manager ?? false, rotateWorker: rotate.worker ?? false };
    return this.call((a, d, cb) => this.clusterClient(a).Tokens(req, { deadline: d }, cb));
  }

  /**
   * A consistent copy of the whole replicated state as of the call (Cluster.Backup), from the
   * first manager that answers, held in memory; checked against the header's length and CRC32.
   */
  async backup(opts: { timeoutMs?: number } = {}): Promise<{ header: BackupHeader__Output; state: Buffer }> {
    let header: BackupHeader__Output | null = null;
    const parts: Buffer[] = [];
    await this.backupInto({ header: async (h) => void (header = h), data: async (d) => void parts.push(d) }, opts);
    const state = Buffer.concat(parts);
    try {
      checkBackupState(header!, state, 'the backup received');
    } catch (e) {
      throw new BatonClientError(grpc.status.DATA_LOSS, (e as Error).message);
    }
    return { header: header!, state };
  }

  /**
   * Streams a backup into `sink` as it arrives (the header, then the state piece by piece; the
   * stream waits while the sink does). Another manager is tried only while nothing reached the
   * sink. The sink checks what it got (BackupFileWriter.finish does).
   */
  async backupInto(sink: BackupSink, opts: { timeoutMs?: number } = {}): Promise<void> {
    // A large store is hundreds of MB: the call gets minutes, not the client's usual timeout.
    const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
    let last: BatonClientError | null = null;
    for (let i = 0; i < this.managers.length; i++) {
      const addr = this.managers[(this.current + i) % this.managers.length]!;
      const stream = this.clusterClient(addr).Backup({}, { deadline });
      let started = false;
      try {
        for await (const c of stream as AsyncIterable<BackupChunk__Output>) {
          if (c.part === 'header' && c.header) {
            started = true;
            await sink.header(c.header);
          } else if (c.part === 'data' && c.data) {
            await sink.data(c.data);
          }
        }
      } catch (err) {
        stream.cancel();
        if (!isServiceError(err)) throw err; // the sink's own failure (a disk error, a malformed backup)
        last = new BatonClientError(err.code, `${addr}: ${err.details || err.message}`);
        // Another manager may answer if this one could not be reached; past that, the error stands.
        if (err.code === grpc.status.UNAVAILABLE && !started) continue;
        throw last;
      }
      if (!started) throw new BatonClientError(grpc.status.DATA_LOSS, `${addr} sent a backup without its header`);
      return;
    }
    throw last ?? new BatonClientError(grpc.status.UNAVAILABLE, 'no manager to take a backup from');
  }

  // ------------------------------------------------------------------ services
  //
  // Retrying object writes: a write sent twice must not be applied twice. What each call does:
  //   - reads (get, list, watch) are idempotent: any UNAVAILABLE or DEADLINE_EXCEEDED goes on to
  //     the next manager;
  //   - createService carries a request id (as the key/value writes do): a retry of a create that
  //     was applied gets the service it created, so it is retried like a read;
  //   - updateService, rollbackService and updateNode carry the version they were based on, so
  //     a retry after a success cannot apply twice: it fails with FAILED_PRECONDITION. They are
  //     retried like reads; if a retry after an ambiguous failure gets FAILED_PRECONDITION, the
  //     object is read again and returned when it holds what was sent (our first attempt, or an
  //     identical change by someone else — the same outcome); otherwise the conflict is returned;
  //   - removeService and removeNode first resolve the name to an id and remove by id: a retry
  //     after a success gets NOT_FOUND for that id, which then means "done".

  /** Creates a service; returns it as stored (with defaults filled in, its id and version). */
  async createService(spec: ServiceSpec): Promise<Service__Output> {
    const req = { spec, requestId: this.requestId() };
    return this.call((a, d, cb) => this.controlClient(a).CreateService(req, { deadline: d }, cb));
  }

  /** A service by id, or by name in `namespace` (default "default"). */
  getService(nameOrId: string, namespace = ''): Promise<Service__Output> {
    return this.call((a, d, cb) => this.controlClient(a).GetService({ service: nameOrId, namespace }, { deadline: d }, cb));
  }

  /** One page of services (`namespace` empty: every namespace; `labels`: must carry all of them). */
  listServices(filter: ServiceFilter = {}): Promise<ListServicesResponse__Output> {
    const req = { namespace: filter.namespace ?? '', labels: filter.labels ?? {}, pageSize: filter.pageSize ?? 0, pageToken: filter.pageToken ?? '' };
    return this.call((a, d, cb) => this.controlClient(a).ListServices(req, { deadline: d }, cb));
  }

  /** Every service matching the filter, page after page. */
  async *listAllServices(filter: Omit<ServiceFilter, 'pageToken'> = {}): AsyncGenerator<Service__Output> {
    let pageToken = '';
    for (let i = 0; i < 1_000_000; i++) {
      const r = await this.listServices({ ...filter, pageToken });
      yield* r.services;
      if (!r.nextPageToken) return;
      pageToken = r.nextPageToken;
    }
  }

  /**
   * Replaces the spec of a service; `version` is the meta.version of the service the spec was
   * based on (FAILED_PRECONDITION if it changed since).
   */
  async updateService(nameOrId: string, version: number, spec: ServiceSpec, namespace = ''): Promise<Service__Output> {
    let ambiguous = false;
    try {
      return await this.call(
        (a, d, cb) => this.controlClient(a).UpdateService({ service: nameOrId, namespace, version, spec }, { deadline: d }, cb),
        undefined,
        (e) => (ambiguous ||= !notApplied(e)),
      );
    } catch (e) {
      if (!ambiguous || !(e instanceof BatonClientError) || e.code !== grpc.status.FAILED_PRECONDITION) throw e;
      const cur = await this.getService(nameOrId, namespace);
      if (cur.meta!.version > version && serviceSpecsEqual(cur.spec, spec)) return cur;
      throw e;
    }
  }

  /**
   * Puts back the spec a service had before its last update. Without `version`, rolls back
   * whatever the service is now (it is read first).
   */
  async rollbackService(nameOrId: string, opts: { version?: number; namespace?: string; toRevision?: number } = {}): Promise<Service__Output> {
    const namespace = opts.namespace ?? '';
    const before = await this.getService(nameOrId, namespace);
    const version = opts.version ?? before.meta!.version;
    const toRevision = opts.toRevision ?? 0;
    let ambiguous = false;
    try {
      return await this.call(
        (a, d, cb) => this.controlClient(a).RollbackService({ service: before.id, namespace, version, toRevision }, { deadline: d }, cb),
        undefined,
        (e) => (ambiguous ||= !notApplied(e)),
      );
    } catch (e) {
      if (!ambiguous || !(e instanceof BatonClientError) || e.code !== grpc.status.FAILED_PRECONDITION || before.meta!.version !== version) throw e;
      // Our rollback was applied if the service now holds what it held before the last update,
      // with what it held when we read it as its previous spec.
      const cur = await this.getService(before.id);
      if (cur.meta!.version > version && serviceSpecsEqual(cur.spec, before.previousSpec) && serviceSpecsEqual(cur.previousSpec, before.spec)) return cur;
      throw e;
    }
  }

  /**
   * Promotes the canary of a service's update (FAILED_PRECONDITION if none is waiting). These
   * status changes are idempotent: a retry after a success fails with FAILED_PRECONDITION, and
   * the service is then read to tell whether the first attempt did it.
   */
  promoteService(nameOrId: string, namespace = ''): Promise<Service__Output> {
    return this.serviceAction('PromoteService', nameOrId, namespace, (s) => !!s.updateStatus?.promoted);
  }

  /** Resumes a paused update or rollback (FAILED_PRECONDITION if none is paused). */
  resumeServiceUpdate(nameOrId: string, namespace = ''): Promise<Service__Output> {
    return this.serviceAction('ResumeServiceUpdate', nameOrId, namespace, (s) => !['UPDATE_PAUSED', 'UPDATE_ROLLBACK_PAUSED'].includes(s.updateStatus?.state ?? ''));
  }

  /** Starts moving a service's tasks, a batch at a time, to even out their spread over the nodes. */
  rebalanceService(nameOrId: string, namespace = ''): Promise<Service__Output> {
    return this.serviceAction('RebalanceService', nameOrId, namespace, (s) => ['UPDATE_REBALANCING', 'UPDATE_REBALANCED'].includes(s.updateStatus?.state ?? ''));
  }

  private async serviceAction(
    rpc: 'PromoteService' | 'ResumeServiceUpdate' | 'RebalanceService',
    nameOrId: string,
    namespace: string,
    done: (s: Service__Output) => boolean,
  ): Promise<Service__Output> {
    let ambiguous = false;
    try {
      return await this.call(
        (a, d, cb) => this.controlClient(a)[rpc]({ service: nameOrId, namespace, version: 0 }, { deadline: d }, cb),
        undefined,
        (e) => (ambiguous ||= !notApplied(e)),
      );
    } catch (e) {
      if (!ambiguous || !(e instanceof BatonClientError) || e.code !== grpc.status.FAILED_PRECONDITION) throw e;
      const cur = await this.getService(nameOrId, namespace);
      if (done(cur)) return cur;
      throw e;
    }
  }

  /** Removes a service (its tasks are told to stop). */
  async removeService(nameOrId: string, namespace = ''): Promise<void> {
    const svc = await this.getService(nameOrId, namespace);
    let ambiguous = false;
    try {
      await this.call(
        (a, d, cb) => this.controlClient(a).RemoveService({ service: svc.id, namespace }, { deadline: d }, cb),
        undefined,
        (e) => (ambiguous ||= !notApplied(e)),
      );
    } catch (e) {
      if (ambiguous && e instanceof BatonClientError && e.code === grpc.status.NOT_FOUND) return;
      throw e;
    }
  }

  // ------------------------------------------------------------------ tasks

  listTasks(filter: TaskFilter = {}): Promise<ListTasksResponse__Output> {
    const req = { serviceId: filter.serviceId ?? '', nodeId: filter.nodeId ?? '', desiredStates: filter.desiredStates ?? [], pageSize: filter.pageSize ?? 0, pageToken: filter.pageToken ?? '' };
    return this.call((a, d, cb) => this.controlClient(a).ListTasks(req, { deadline: d }, cb));
  }

  async *listAllTasks(filter: Omit<TaskFilter, 'pageToken'> = {}): AsyncGenerator<Task__Output> {
    let pageToken = '';
    for (let i = 0; i < 1_000_000; i++) {
      const r = await this.listTasks({ ...filter, pageToken });
      yield* r.tasks;
      if (!r.nextPageToken) return;
      pageToken = r.nextPageToken;
    }
  }

  getTask(id: string): Promise<Task__Output> {
    return this.call((a, d, cb) => this.controlClient(a).GetTask({ id }, { deadline: d }, cb));
  }

  // ------------------------------------------------------------------ nodes

  listNodes(page: { pageSize?: number; pageToken?: string } = {}): Promise<ListNodesResponse__Output> {
    const req = { pageSize: page.pageSize ?? 0, pageToken: page.pageToken ?? '' };
    return this.call((a, d, cb) => this.controlClient(a).ListNodes(req, { deadline: d }, cb));
  }

  async *listAllNodes(pageSize = 0): AsyncGenerator<Node__Output> {
    let pageToken = '';
    for (let i = 0; i < 1_000_000; i++) {
      const r = await this.listNodes({ pageSize, pageToken });
      yield* r.nodes;
      if (!r.nextPageToken) return;
      pageToken = r.nextPageToken;
    }
  }

  /** A node by id or hostname. */
  getNode(node: string): Promise<Node__Output> {
    return this.call((a, d, cb) => this.controlClient(a).GetNode({ node }, { deadline: d }, cb));
  }

  /** Replaces a node's spec (labels, availability, role); `version` is the meta.version it was based on. */
  async updateNode(node: string, version: number, spec: NodeSpec): Promise<Node__Output> {
    let ambiguous = false;
    try {
      return await this.call(
        (a, d, cb) => this.controlClient(a).UpdateNode({ node, version, spec }, { deadline: d }, cb),
        undefined,
        (e) => (ambiguous ||= !notApplied(e)),
      );
    } catch (e) {
      if (!ambiguous || !(e instanceof BatonClientError) || e.code !== grpc.status.FAILED_PRECONDITION) throw e;
      const cur = await this.getNode(node);
      if (cur.meta!.version > version && canonical('baton.v1.NodeSpec', cur.spec) === canonical('baton.v1.NodeSpec', spec)) return cur;
      throw e;
    }
  }

  /** Removes a node from the cluster's records (refused unless it is down, or `force`). */
  async removeNode(node: string, force = false): Promise<void> {
    const n = await this.getNode(node);
    let ambiguous = false;
    try {
      await this.call(
        (a, d, cb) => this.controlClient(a).RemoveNode({ node: n.id, force }, { deadline: d }, cb),
        undefined,
        (e) => (ambiguous ||= !notApplied(e)),
      );
    } catch (e) {
      if (ambiguous && e instanceof BatonClientError && e.code === grpc.status.NOT_FOUND) return;
      throw e;
    }
  }

  getCluster(): Promise<ClusterInfo__Output> {
    return this.call((a, d, cb) => this.controlClient(a).GetCluster({}, { deadline: d }, cb));
  }

  // ------------------------------------------------------------------ object watch

  /**
   * Changes of nodes, services, tasks and the cluster (`kinds` empty: all), as an async iterator:
   * every change after `startRevision` (0: from now on), in revision order, until `signal` aborts
   * (the iterator then just ends) or an error that a reconnection cannot cure (OUT_OF_RANGE: the
   * revision is compacted, list again).
   *
   * The stream survives the manager it is connected to: when the stream breaks, it reconnects to
   * the next manager and resumes after the last event it delivered, so no event is lost or
   * repeated. Events of one revision (one transaction) arrive together in a fixed order; since a
   * break may fall between two of them, the resume asks for the revision before the last one seen
   * and skips the events of that revision it already delivered. Events older than that (a
   * lagging manager applying entries it had not yet applied) are skipped too. Gives up with
   * UNAVAILABLE when no manager could be watched for the client's timeout.
   */
  /**
   * The log lines of a service's tasks (each line names its task), fetched through one manager
   * from the agents. With follow, new lines keep coming until signal aborts.
   */
  async *serviceLogs(service: string, opts: { namespace?: string; follow?: boolean; tail?: number; signal?: AbortSignal } = {}): AsyncGenerator<LogLine__Output> {
    const addr = this.managers[this.current % this.managers.length]!;
    const stream = this.controlClient(addr).ServiceLogs({ service, namespace: opts.namespace ?? '', follow: !!opts.follow, tail: opts.tail ?? 0 });
    const onAbort = () => stream.cancel();
    opts.signal?.addEventListener('abort', onAbort);
    try {
      for await (const line of stream as AsyncIterable<LogLine__Output>) yield line;
    } catch (err) {
      const e = err as grpc.ServiceError;
      if (opts.signal?.aborted || e.code === grpc.status.CANCELLED) return;
      throw new BatonClientError(e.code, e.details || e.message);
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      stream.cancel();
    }
  }

  async *watchObjects(kinds: ObjectKind[] = [], startRevision = 0, signal?: AbortSignal, opts: WatchObjectsOptions = {}): AsyncGenerator<ObjectEvent__Output> {
    // "From now on" needs a concrete revision to resume from: the current one, read linearizably.
    if (startRevision === 0) startRevision = (await this.listNodes({ pageSize: 1 })).revision;
    /** The revision of the last event delivered, and how many events of it were delivered. */
    let rev = startRevision;
    let seenAtRev = -1; // -1: all of them (nothing of startRevision itself is to be delivered)
    let failingSince = 0;
    let last: BatonClientError;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) return;
      const addr = this.managers[this.current % this.managers.length]!;
      // (Revision 1 cannot be re-asked for: start_revision 0 means "from now on". A break inside
      // the very first revision of a cluster may thus lose its remaining events.)
      const from = seenAtRev === -1 || rev <= 1 ? rev : rev - 1;
      let skip = seenAtRev === -1 || rev <= 1 ? 0 : seenAtRev;
      const stream = this.controlClient(addr).WatchObjects({ kinds, startRevision: from });
      const onAbort = () => stream.cancel();
      signal?.addEventListener('abort', onAbort);
      opts.onConnect?.(addr, from, attempt);
      let failure: grpc.ServiceError | null = null;
      const openedAt = Date.now();
      let delivered = false;
      try {
        for await (const e of stream as AsyncIterable<ObjectEvent__Output>) {
          delivered = true;
          if (e.revision < rev || (e.revision === rev && seenAtRev === -1)) continue;
          if (e.revision === rev && skip > 0) {
            skip--;
            continue;
          }
          if (e.revision === rev) seenAtRev++;
          else {
            rev = e.revision;
            seenAtRev = 1;
          }
          skip = 0;
          yield e;
        }
      } catch (err) {
        failure = err as grpc.ServiceError;
      } finally {
        signal?.removeEventListener('abort', onAbort);
        stream.cancel();
      }
      if (signal?.aborted) return;
      if (failure && !WATCH_RESUMABLE.has(failure.code)) throw new BatonClientError(failure.code, failure.details || failure.message);
      // Broken (or ended by a manager that stops): go on with the next manager.
      last = failure ? new BatonClientError(failure.code, failure.details || failure.message) : new BatonClientError(grpc.status.UNAVAILABLE, `the watch stream from ${addr} ended`);
      const now = Date.now();
      // A stream that delivered something or stayed open a while was healthy: count afresh.
      if (failingSince === 0 || delivered || now - openedAt > 2_000) failingSince = now;
      else if (now - failingSince > this.timeoutMs) throw new BatonClientError(grpc.status.UNAVAILABLE, `no manager could be watched for ${this.timeoutMs} ms; last error: ${last.message}`);
      this.current++;
      if (this.current % this.managers.length === 0) await sleepUnlessAborted(200, signal);
    }
  }
}

const WATCH_RESUMABLE = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.INTERNAL, grpc.status.CANCELLED, grpc.status.UNKNOWN]);

function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });
}

export interface ServiceFilter {
  /** Empty: every namespace. */
  namespace?: string;
  /** Only services carrying every one of these labels. */
  labels?: Record<string, string>;
  pageSize?: number;
  pageToken?: string;
}

export interface TaskFilter {
  serviceId?: string;
  nodeId?: string;
  desiredStates?: TaskState[];
  pageSize?: number;
  pageToken?: string;
}

export interface WatchObjectsOptions {
  /** Called each time a stream is opened: the manager, the start revision asked for, the attempt (0: first). */
  onConnect?: (address: string, startRevision: number, attempt: number) => void;
}

/**
 * Whether a failed call certainly left nothing applied, so that a write without request id can
 * be sent again:
 *   - the client never had a connection to send it on (grpc-js: "No connection established",
 *     "Channel closed before call started");
 *   - the manager refused before proposing anything: "no leader: ..." (its Raft dropped the
 *     proposal, or the read that precedes every object write could not start) or "the read could
 *     not be confirmed by a majority" (the read before the write timed out).
 * Everything else — a connection dropped mid-call, a deadline, "not committed ... (it may still be
 * applied)", "the manager is shutting down" — may have been applied.
 */
export function notApplied(e: grpc.ServiceError): boolean {
  if (e.code !== grpc.status.UNAVAILABLE) return false;
  const d = e.details ?? '';
  return /^(No connection established|Channel closed before call started|no leader: |the read could not be confirmed by a majority)/.test(d);
}

/** A message as a canonical string: decoded form (defaults filled in), map keys sorted. */
function canonical(type: string, msg: object | null | undefined): string {
  if (!msg) return 'null';
  const obj = decode<unknown>(type, encode(type, msg));
  return JSON.stringify(obj, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * Whether a stored spec equals a spec as sent: the sent one gets the server's defaults first
 * (normalizeServiceSpec), so an update that relied on a default still compares equal.
 */
export function serviceSpecsEqual(stored: ServiceSpec__Output | null, sent: ServiceSpec | ServiceSpec__Output | null): boolean {
  if (!stored || !sent) return stored === sent;
  let normalized: ServiceSpec__Output;
  try {
    normalized = normalizeServiceSpec(decode<ServiceSpec__Output>('baton.v1.ServiceSpec', encode('baton.v1.ServiceSpec', sent)), 0);
  } catch {
    return false;
  }
  return canonical('baton.v1.ServiceSpec', stored) === canonical('baton.v1.ServiceSpec', normalized);
}

/**
 * Many key/value requests on one stream; each call resolves with its own answer. Requests issued
 * in the same turn of the event loop go in one stream message (SessionRequests).
 */
export class KvSession {
  private tag = 0;
  private readonly pending = new Map<number, { resolve(r: SessionResponse__Output): void; reject(e: Error): void }>();
  private failed: Error | null = null;
  private readonly out = new TurnBatcher<SessionRequest>((requests) => {
    if (!this.failed) this.stream.write({ requests });
  });

  constructor(
    private readonly stream: grpc.ClientDuplexStream<SessionRequests, SessionResponses__Output>,
    private readonly client: BatonClient,
  ) {
    stream.on('data', (batch: SessionResponses__Output) => {
      for (const r of batch.responses) {
        const p = this.pending.get(r.tag);
        if (!p) continue;
        this.pending.delete(r.tag);
        if (r.response === 'error') p.reject(new BatonClientError(r.error!.code, r.error!.message));
        else p.resolve(r);
      }
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    stream.on('error', (e: grpc.ServiceError) => fail(new BatonClientError(e.code, e.details || e.message)));
    stream.on('end', () => fail(new BatonClientError(grpc.status.UNAVAILABLE, 'the session stream ended')));
  }

  private send(req: Omit<SessionRequest, 'tag'>, bytes: number): Promise<SessionResponse__Output> {
    if (this.failed) return Promise.reject(this.failed);
    const tag = ++this.tag;
    return new Promise((resolve, reject) => {
      this.pending.set(tag, { resolve, reject });
      this.out.add({ tag, ...req }, bytes);
    });
  }

  async put(key: string, value: Buffer | string): Promise<PutResponse__Output> {
    const v = Buffer.from(value);
    return (await this.send({ put: { key, value: v, requestId: this.client.nextRequestId() } }, 64 + key.length * 3 + v.length)).put!;
  }

  async get(key: string): Promise<GetResponse__Output> {
    return (await this.send({ get: { key } }, 64 + key.length * 3)).get!;
  }

  close(): void {
    this.stream.end();
  }
}
