// The replicated state of the managers: the key/value space, the manager members and the join
// tokens. Deterministic: every manager applies the same commands in log order and ends in the same
// state. Writes carry a request id; a retried write (same client id and seq) is answered from the
// remembered response instead of being applied twice.
import { decode, encode, lookupType } from '../proto/load.js';
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
  StoreObject,
  StoreSnapshot,
  StoreTxResult,
  WatchEvent,
} from './types.js';
import { encodeKeyValues } from './kv_codec.js';
import { type ObjectEvent, ObjectStore } from './object_store.js';
import { SortedKeys } from './sorted_keys.js';

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

/**
 * A remembered write answer (for deduplicating retries): the answer itself while this replica
 * applied the write, or its encoded form when it came from a snapshot (decoded on a retry).
 * Never mutated once made, so a frozen snapshot may share it.
 */
interface Remembered {
  readonly clientId: string;
  readonly seq: number;
  readonly revision: number;
  readonly result: WriteResult | null;
  readonly response: Buffer | null;
  readonly txResult: StoreTxResult | null;
}

/**
 * The state at one moment, by reference (KeyValues, objects and remembered answers are replaced,
 * never mutated, on writes), taken in O(n) pointer copies so that encoding it can be spread over
 * several event-loop turns while the store goes on applying writes.
 */
export interface FrozenStore {
  readonly head: Pick<StoreSnapshot, 'revision' | 'members' | 'tokens' | 'clusterId' | 'removedMembers'>;
  readonly kvs: readonly KeyValue[];
  readonly sessions: readonly Remembered[];
  readonly objects: readonly StoreObject[];
}

/** Keys (or sessions, objects) encoded per slice of a snapshot. */
const SLICE_KVS = 4096;
const SLICE_SESSIONS = 1024;
const SLICE_OBJECTS = 256;

/** How many write answers are remembered for deduplicating retries (oldest forgotten first). */
export const DEDUP_WINDOW = 20_000;
/** Change events kept for watchers that resume from an older revision (at least this many, at most twice). */
export const WATCH_HISTORY = 10_000;

export class KvStore {
  revision = 0;
  clusterId = '';
  tokens: JoinTokens = { manager: '', worker: '' };
  readonly members = new Map<number, MemberInfo>();
  /** Members removed from the cluster (ids are never reused). */
  readonly removedMembers = new Set<number>();
  /** Nodes, services, tasks and the cluster object. */
  readonly objects = new ObjectStore();
  private objectHistory: ObjectEvent[] = [];
  private objectHistoryBase = 0;
  private readonly objectWatchers = new Set<(e: ObjectEvent) => void>();
  private readonly kvs = new Map<string, KeyValue>();
  /** The keys in order (for Range). */
  private readonly keys = new SortedKeys();
  private readonly sessions = new Map<string, Remembered>();
  /**
   * The session keys in the order remembered, from sessionsHead on (the oldest is forgotten
   * first). Not `sessions.keys().next()`: V8's Map iterator skips the holes that deletions leave
   * at the front of the table, ~18 µs per write with a full window.
   */
  private sessionOrder: string[] = [];
  private sessionsHead = 0;
  private history: WatchEvent[] = [];
  /** The revision just before history[0] (events after it are all retained). */
  private historyBase = 0;
  private readonly watchers = new Set<Watcher>();

  // ------------------------------------------------------------------ reads

  get(key: string): KeyValue | null {
    return this.kvs.get(key) ?? null;
  }

  range(prefix: string, startAfter: string, limit: number): { kvs: KeyValue[]; more: boolean } {
    const out: KeyValue[] = [];
    for (const key of this.keys.from(startAfter > prefix ? startAfter : prefix)) {
      if (key === startAfter) continue;
      if (!key.startsWith(prefix)) break;
      if (limit > 0 && out.length === limit) return { kvs: out, more: true };
      out.push(this.kvs.get(key)!);
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
      if (seen) {
        if (seen.txResult) return { tx: seen.txResult };
        return seen.result ?? fromSessionResponse(decode<SessionResponse>('baton.v1.SessionResponse', seen.response!));
      }
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

  /** The answer remembered for a transaction applied with request id `rid`, if still remembered. */
  rememberedTx(rid: { clientId: string; seq: number }): StoreTxResult | null {
    return this.sessions.get(`${rid.clientId}:${rid.seq}`)?.txResult ?? null;
  }

  private remember(key: string, clientId: string, seq: number, result: WriteResult): void {
    // The answer is kept as it is; it is encoded only if a snapshot is taken while remembered.
    const txResult = 'tx' in result ? result.tx : null;
    this.sessions.set(key, { clientId, seq, revision: this.revision, result: txResult ? null : result, response: null, txResult });
    this.sessionOrder.push(key);
    while (this.sessions.size > DEDUP_WINDOW && this.sessionsHead < this.sessionOrder.length) this.sessions.delete(this.sessionOrder[this.sessionsHead++]!);
    if (this.sessionsHead >= DEDUP_WINDOW) {
      this.sessionOrder = this.sessionOrder.slice(this.sessionsHead);
      this.sessionsHead = 0;
    }
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
    if (!prev) this.keys.add(key);
    this.kvs.set(key, kv);
    return kv;
  }

  private remove(key: string, prev: KeyValue): void {
    this.revision++;
    this.kvs.delete(key);
    this.keys.delete(key);
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
    this.removedMembers.add(id);
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

  /** The whole state, encoded (baton.v1.StoreSnapshot). Synchronous: see freeze() for large stores. */
  snapshot(): Buffer {
    const f = this.freeze();
    return Buffer.concat([...snapshotParts(f)]);
  }

  /**
   * The state as it is now, by reference (O(n) pointer copies, no encoding): encodeSnapshot()
   * turns it into the bytes snapshot() would give, in slices, while writes go on.
   */
  freeze(): FrozenStore {
    return {
      head: { revision: this.revision, members: [...this.members.values()], tokens: this.tokens, clusterId: this.clusterId, removedMembers: [...this.removedMembers] },
      kvs: Array.from(this.kvs.values()),
      sessions: Array.from(this.sessions.values()),
      objects: this.objects.all(),
    };
  }

  /** Replaces the whole state with a snapshot's. Watchers stay; history restarts at its revision. */
  restore(data: Buffer): void {
    const s = decode<StoreSnapshot>('baton.v1.StoreSnapshot', data);
    this.revision = s.revision;
    this.clusterId = s.clusterId;
    this.tokens = s.tokens ?? { manager: '', worker: '' };
    this.members.clear();
    for (const m of s.members) this.members.set(m.id, m);
    this.removedMembers.clear();
    for (const id of s.removedMembers) this.removedMembers.add(id);
    this.kvs.clear();
    for (const kv of s.kvs) this.kvs.set(kv.key, kv);
    this.keys.reset(this.kvs.keys());
    this.sessions.clear();
    for (const c of s.sessions) {
      this.sessions.set(`${c.clientId}:${c.seq}`, { clientId: c.clientId, seq: c.seq, revision: c.revision, result: null, response: c.response, txResult: c.txResult });
    }
    this.sessionOrder = [...this.sessions.keys()];
    this.sessionsHead = 0;
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

/**
 * A frozen state encoded as baton.v1.StoreSnapshot, one slice at a time: protobuf allows a message
 * to be cut into pieces between fields (repeated fields append), so the concatenation of the parts
 * decodes as the whole snapshot.
 */
export function* snapshotParts(f: FrozenStore): Generator<Buffer> {
  yield Buffer.from(encode('baton.v1.StoreSnapshot', f.head));
  for (let i = 0; i < f.kvs.length; i += SLICE_KVS) yield encodeKeyValues(f.kvs.slice(i, i + SLICE_KVS), 2);
  for (let i = 0; i < f.sessions.length; i += SLICE_SESSIONS) yield encodeSessions(f.sessions.slice(i, i + SLICE_SESSIONS));
  for (let i = 0; i < f.objects.length; i += SLICE_OBJECTS) {
    yield Buffer.from(encode('baton.v1.StoreSnapshot', { objects: f.objects.slice(i, i + SLICE_OBJECTS) }));
  }
}

/**
 * Encodes a frozen state like snapshot() would, awaiting `pause()` between slices (a few ms of
 * work each) so that the event loop goes on serving meanwhile.
 */
export async function encodeSnapshot(f: FrozenStore, pause: () => Promise<void>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for (const p of snapshotParts(f)) {
    parts.push(p);
    total += p.length;
    await pause();
  }
  // Joined a few MiB at a time too: one Buffer.concat of a 60 MB snapshot is a 30 ms pause.
  const out = Buffer.allocUnsafe(total);
  let o = 0;
  let sinceYield = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
    sinceYield += p.length;
    if (sinceYield >= 4 * 1024 * 1024) {
      sinceYield = 0;
      await pause();
    }
  }
  return out;
}

function encodeSessions(list: readonly Remembered[]): Buffer {
  const sessions: ClientSession[] = list.map((r) => ({
    clientId: r.clientId,
    seq: r.seq,
    revision: r.revision,
    response: r.result ? encodeSessionResponse(r.result) : (r.response ?? Buffer.alloc(0)),
    txResult: r.txResult,
  }));
  // Transaction results hold enums (as names): only the full fromObject path encodes those.
  if (sessions.some((c) => c.txResult !== null)) return Buffer.from(encode('baton.v1.StoreSnapshot', { sessions }));
  return Buffer.from(lookupType('baton.v1.StoreSnapshot').encode({ sessions }).finish());
}

/** A put, delete or compare-and-swap answer as the bytes of a SessionResponse (tag 0). */
function encodeSessionResponse(r: WriteResult): Buffer {
  // These answers hold only strings, numbers, booleans, bytes and KeyValues: protobufjs encodes
  // the plain objects directly (no enums to convert).
  return Buffer.from(lookupType('baton.v1.SessionResponse').encode({ tag: 0, ...r }).finish());
}
