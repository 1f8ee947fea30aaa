// The replicated state of the managers: the key/value space, the manager members and the join
// tokens. Deterministic: every manager applies the same commands in log order and ends in the same
// state. Writes carry a request id; a retried write (same client id and seq) is answered from the
// remembered response instead of being applied twice.
import { decode, encode } from '../proto/load.js';
import type {
  ClientSession,
  Command,
  CompareAndSwapRequest,
  CompareAndSwapResponse,
  DeleteRequest,
  DeleteResponse,
  JoinTokens,
  KeyValue,
  MemberInfo,
  PutRequest,
  PutResponse,
  SessionResponse,
  StoreSnapshot,
  StoreTxResult,
  WatchEvent,
} from './types.js';
import { type ObjectEvent, ObjectStore } from './object_store.js';

/** What applying a write returns (exactly one field is set, as in SessionResponse). */
export type WriteResult =
  | { put: PutResponse }
  | { delete: DeleteResponse }
  | { compareAndSwap: CompareAndSwapResponse }
  | { setTokens: JoinTokens }
  | { tx: StoreTxResult };

/** The watch start revision is older than the retained history: the watcher must re-list. */
export class CompactedRevisionError extends Error {
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`revision ${requested} is compacted (oldest revision still watchable is ${oldest}); list again and watch from the listed revision`);
  }
}

export interface Watcher {
  prefix: string;
  send(e: WatchEvent): void;
}

/** How many write answers are remembered for deduplicating retries (oldest forgotten first). */
export const DEDUP_WINDOW = 20_000;
/** Change events kept for watchers that resume from an older revision (at least this many, at most twice). */
export const WATCH_HISTORY = 10_000;

export class KvStore {
  revision = 0;
  clusterId = '';
  tokens: JoinTokens = { manager: '', worker: '' };
  readonly members = new Map<number, MemberInfo>();
  /** Nodes, services, tasks and the cluster object. */
  readonly objects = new ObjectStore();
  private objectHistory: ObjectEvent[] = [];
  private objectHistoryBase = 0;
  private readonly objectWatchers = new Set<(e: ObjectEvent) => void>();
  private readonly kvs = new Map<string, KeyValue>();
  /** Keys in sorted order (for Range). */
  private keys: string[] = [];
  private readonly sessions = new Map<string, ClientSession>();
  private history: WatchEvent[] = [];
  /** The revision just before history[0] (events after it are all retained). */
  private historyBase = 0;
  private readonly watchers = new Set<Watcher>();

  // ------------------------------------------------------------------ reads

  get(key: string): KeyValue | null {
    return this.kvs.get(key) ?? null;
  }

  range(prefix: string, startAfter: string, limit: number): { kvs: KeyValue[]; more: boolean } {
    let i = lowerBound(this.keys, startAfter > prefix ? startAfter : prefix);
    if (i < this.keys.length && this.keys[i] === startAfter) i++;
    const out: KeyValue[] = [];
    for (; i < this.keys.length && this.keys[i]!.startsWith(prefix); i++) {
      if (limit > 0 && out.length === limit) return { kvs: out, more: true };
      out.push(this.kvs.get(this.keys[i]!)!);
    }
    return { kvs: out, more: false };
  }

  size(): number {
    return this.kvs.size;
  }

  // ------------------------------------------------------------------ writes

  /** Applies a committed command. */
  apply(cmd: Command): WriteResult {
    const rid = cmd.requestId;
    const sessionKey = rid && rid.clientId ? `${rid.clientId}:${rid.seq}` : null;
    if (sessionKey) {
      const seen = this.sessions.get(sessionKey);
      if (seen) return seen.txResult ? { tx: seen.txResult } : fromSessionResponse(decode<SessionResponse>('baton.v1.SessionResponse', seen.response));
    }
    let result: WriteResult;
    switch (cmd.op) {
      case 'put':
        result = { put: this.put(cmd.put!) };
        break;
      case 'delete':
        result = { delete: this.del(cmd.delete!) };
        break;
      case 'compareAndSwap':
        result = { compareAndSwap: this.cas(cmd.compareAndSwap!) };
        break;
      case 'setTokens':
        this.tokens = { manager: cmd.setTokens!.manager, worker: cmd.setTokens!.worker };
        result = { setTokens: this.tokens };
        break;
      case 'tx': {
        const { result: r, events } = this.objects.apply(cmd.tx!, this.revision + 1);
        if (r.revision !== 0) {
          this.revision++;
          for (const e of events) this.emitObject(e);
        }
        result = { tx: r };
        break;
      }
      default:
        throw new Error(`unknown command ${String(cmd.op)}`);
    }
    if (sessionKey && !('setTokens' in result)) this.remember(sessionKey, rid!.clientId, rid!.seq, result);
    return result;
  }

  private remember(key: string, clientId: string, seq: number, result: WriteResult): void {
    if ('tx' in result) {
      this.sessions.set(key, { clientId, seq, response: Buffer.alloc(0), revision: this.revision, txResult: result.tx });
    } else {
      const response = Buffer.from(encode('baton.v1.SessionResponse', { tag: 0, ...result }));
      this.sessions.set(key, { clientId, seq, response, revision: this.revision, txResult: null });
    }
    if (this.sessions.size > DEDUP_WINDOW) this.sessions.delete(this.sessions.keys().next().value!);
  }

  private put(req: PutRequest): PutResponse {
    const prev = this.kvs.get(req.key) ?? null;
    const kv = this.write(req.key, req.value, prev);
    this.emit({ type: 'WATCH_PUT', kv, revision: this.revision });
    return { revision: this.revision, prev };
  }

  private write(key: string, value: Buffer, prev: KeyValue | null): KeyValue {
    this.revision++;
    const kv: KeyValue = {
      key,
      value: Buffer.from(value),
      createRevision: prev ? prev.createRevision : this.revision,
      modRevision: this.revision,
      version: prev ? prev.version + 1 : 1,
    };
    if (!prev) this.keys.splice(lowerBound(this.keys, key), 0, key);
    this.kvs.set(key, kv);
    return kv;
  }

  private remove(key: string, prev: KeyValue): void {
    this.revision++;
    this.kvs.delete(key);
    this.keys.splice(lowerBound(this.keys, key), 1);
    this.emit({ type: 'WATCH_DELETE', kv: { ...prev, value: Buffer.alloc(0), modRevision: this.revision }, revision: this.revision });
  }

  private del(req: DeleteRequest): DeleteResponse {
    const prev = this.kvs.get(req.key) ?? null;
    if (!prev) return { revision: this.revision, deleted: false, prev: null };
    this.remove(req.key, prev);
    return { revision: this.revision, deleted: true, prev };
  }

  private cas(req: CompareAndSwapRequest): CompareAndSwapResponse {
    const prev = this.kvs.get(req.key) ?? null;
    let ok: boolean;
    if (req.expected === 'expectedValue') ok = prev !== null && prev.value.equals(req.expectedValue!);
    else ok = (prev?.version ?? 0) === (req.expectedVersion ?? 0);
    if (!ok) return { revision: this.revision, succeeded: false, prev };
    if (req.delete) {
      if (prev) this.remove(req.key, prev);
    } else {
      const kv = this.write(req.key, req.value, prev);
      this.emit({ type: 'WATCH_PUT', kv, revision: this.revision });
    }
    return { revision: this.revision, succeeded: true, prev };
  }

  /** Records the member a configuration change added (the change's context). */
  setMember(m: MemberInfo): void {
    this.members.set(m.id, { ...m });
  }

  removeMember(id: number): void {
    this.members.delete(id);
  }

  // ------------------------------------------------------------------ watch

  private emit(e: WatchEvent): void {
    this.history.push(e);
    // Trim in chunks (at twice the bound) so a write does not copy the history every time.
    if (this.history.length > 2 * WATCH_HISTORY) {
      const drop = this.history.length - WATCH_HISTORY;
      this.historyBase = this.history[drop - 1]!.revision;
      this.history = this.history.slice(drop);
    }
    for (const w of this.watchers) if (e.kv!.key.startsWith(w.prefix)) w.send(e);
  }

  /**
   * Starts a watch: replays retained events after startRevision (if > 0), then sends every new
   * one. Throws CompactedRevisionError if events after startRevision are no longer retained.
   * Returns the function that stops it.
   */
  watch(w: Watcher, startRevision: number): () => void {
    if (startRevision > 0) {
      if (startRevision < this.historyBase) throw new CompactedRevisionError(startRevision, this.historyBase + 1);
      for (const e of this.history) if (e.revision > startRevision && e.kv!.key.startsWith(w.prefix)) w.send(e);
    }
    // A replica that lags behind startRevision must not send, live, what the watcher already has.
    const live: Watcher = { prefix: w.prefix, send: (e) => e.revision > startRevision && w.send(e) };
    this.watchers.add(live);
    return () => this.watchers.delete(live);
  }

  private emitObject(e: ObjectEvent): void {
    this.objectHistory.push(e);
    if (this.objectHistory.length > 2 * WATCH_HISTORY) {
      const drop = this.objectHistory.length - WATCH_HISTORY;
      this.objectHistoryBase = this.objectHistory[drop - 1]!.revision;
      this.objectHistory = this.objectHistory.slice(drop);
    }
    for (const w of this.objectWatchers) w(e);
  }

  /**
   * Watches object changes: replays retained events after startRevision (if > 0), then every new
   * one. Throws CompactedRevisionError when events after startRevision are gone (re-list).
   */
  watchObjects(send: (e: ObjectEvent) => void, startRevision: number): () => void {
    if (startRevision > 0) {
      if (startRevision < this.objectHistoryBase) throw new CompactedRevisionError(startRevision, this.objectHistoryBase + 1);
      for (const e of this.objectHistory) if (e.revision > startRevision) send(e);
    }
    const live = (e: ObjectEvent) => e.revision > startRevision && send(e);
    this.objectWatchers.add(live);
    return () => this.objectWatchers.delete(live);
  }

  // ------------------------------------------------------------------ snapshots

  snapshot(): Buffer {
    const snap: StoreSnapshot = {
      revision: this.revision,
      kvs: this.keys.map((k) => this.kvs.get(k)!),
      members: [...this.members.values()],
      tokens: this.tokens,
      sessions: [...this.sessions.values()],
      clusterId: this.clusterId,
      objects: this.objects.all(),
    };
    return Buffer.from(encode('baton.v1.StoreSnapshot', snap));
  }

  /** Replaces the whole state with a snapshot's. Watchers stay; history restarts at its revision. */
  restore(data: Buffer): void {
    const s = decode<StoreSnapshot>('baton.v1.StoreSnapshot', data);
    this.revision = s.revision;
    this.clusterId = s.clusterId;
    this.tokens = s.tokens ?? { manager: '', worker: '' };
    this.members.clear();
    for (const m of s.members) this.members.set(m.id, m);
    this.kvs.clear();
    for (const kv of s.kvs) this.kvs.set(kv.key, kv);
    this.keys = s.kvs.map((kv) => kv.key).sort();
    this.sessions.clear();
    for (const c of s.sessions) this.sessions.set(`${c.clientId}:${c.seq}`, c);
    this.history = [];
    this.historyBase = s.revision;
    this.objects.restore(s.objects);
    this.objectHistory = [];
    this.objectHistoryBase = s.revision;
  }
}

function fromSessionResponse(r: SessionResponse): WriteResult {
  switch (r.response) {
    case 'put':
      return { put: r.put! };
    case 'delete':
      return { delete: r.delete! };
    case 'compareAndSwap':
      return { compareAndSwap: r.compareAndSwap! };
    default:
      throw new Error(`remembered response has no answer (${String(r.response)})`);
  }
}

function lowerBound(a: readonly string[], x: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
