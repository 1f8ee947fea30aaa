// The typed baton client: talks to a list of managers, moves on to another manager when one is
// unreachable or has no leader, and retries writes safely (each write carries a request id, so a
// retried write is applied once).
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { CHANNEL_OPTIONS, grpcProtos } from '../api/grpc_util.js';
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
import type { TokensResponse__Output } from '../gen/baton/v1/TokensResponse';
import type { WatchEvent__Output } from '../gen/baton/v1/WatchEvent';

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

  /** Calls `fn` on one manager after another until one answers, a non-retryable error, or the deadline. */
  private async call<T>(fn: (addr: string, deadline: number, cb: Callback<T>) => void, retry = true): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    let last: grpc.ServiceError | null = null;
    for (let attempt = 0; attempt < 1000 && Date.now() < deadline; attempt++) {
      const addr = this.managers[this.current % this.managers.length]!;
      const perCall = Math.min(deadline, Date.now() + Math.max(1000, this.timeoutMs / 2));
      try {
        return await new Promise<T>((resolve, reject) => fn(addr, perCall, (e, r) => (e ? reject(e) : resolve(r as T))));
      } catch (e) {
        const se = e as grpc.ServiceError;
        last = se;
        if (!retry || !RETRYABLE.has(se.code)) throw new BatonClientError(se.code, se.details || se.message);
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
}

/** Many key/value requests on one stream; each call resolves with its own answer. */
export class KvSession {
  private tag = 0;
  private readonly pending = new Map<number, { resolve(r: SessionResponse__Output): void; reject(e: Error): void }>();
  private failed: Error | null = null;

  constructor(
    private readonly stream: grpc.ClientDuplexStream<SessionRequest, SessionResponse__Output>,
    private readonly client: BatonClient,
  ) {
    stream.on('data', (r: SessionResponse__Output) => {
      const p = this.pending.get(r.tag);
      if (!p) return;
      this.pending.delete(r.tag);
      if (r.response === 'error') p.reject(new BatonClientError(r.error!.code, r.error!.message));
      else p.resolve(r);
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    stream.on('error', (e: grpc.ServiceError) => fail(new BatonClientError(e.code, e.details || e.message)));
    stream.on('end', () => fail(new BatonClientError(grpc.status.UNAVAILABLE, 'the session stream ended')));
  }

  private send(req: Omit<SessionRequest, 'tag'>): Promise<SessionResponse__Output> {
    if (this.failed) return Promise.reject(this.failed);
    const tag = ++this.tag;
    return new Promise((resolve, reject) => {
      this.pending.set(tag, { resolve, reject });
      this.stream.write({ tag, ...req });
    });
  }

  async put(key: string, value: Buffer | string): Promise<PutResponse__Output> {
    return (await this.send({ put: { key, value: Buffer.from(value), requestId: this.client.nextRequestId() } })).put!;
  }

  async get(key: string): Promise<GetResponse__Output> {
    return (await this.send({ get: { key } })).get!;
  }

  close(): void {
    this.stream.end();
  }
}
