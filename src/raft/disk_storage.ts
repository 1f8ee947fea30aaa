// DiskStorage: the durable Raft storage of a manager, on LevelDB (the `level` package).
//
// The core reads storage synchronously, so everything lives in a MemoryStorage; the LevelDB under
// `dir` is the source of truth on disk. open() loads it into memory, verifying every record;
// persist() writes a Ready in one synced batch and only then applies it to memory.
//
// Keys (one byte of prefix; LevelDB keeps them sorted, so entries iterate in index order):
//   h              hard state (baton.v1.HardState)
//   s              the latest snapshot, metadata and data in one value (baton.v1.Snapshot). A
//                  snapshot of tens of MiB is one LevelDB value: LevelDB has no value size limit
//                  below 4 GiB, and pieces would not save a copy since the data is held in memory
//                  anyway.
//   e <u64 BE>     the log entry at that index (baton.v1.Entry)
//   m:<name>       small metadata of the manager (getMeta/putMeta), raw bytes
//
// Values: byte 0 is the format version (1), bytes 1..4 the CRC32 (big-endian) of
// key ‖ version ‖ payload (so a value stored under the wrong key fails too), then the payload.
//
// The entries on disk are contiguous. After compaction the first stored entry may be at or below
// the snapshot's index: it carries the index and term of the log's "dummy" entry (what
// MemoryStorage keeps in ents[0]), so the tail kept for slow followers survives a restart.
import { mkdir } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

import { Level } from 'level';

import { decode, encode } from '../proto/load.js';
import { MemoryStorage, type Storage, UnavailableError } from './storage.js';
import { type ConfState, type Entry, type HardState, NONE, type Snapshot, emptyConfState, isEmptyHardState } from './types.js';

const FORMAT_VERSION = 1;
const HEADER_BYTES = 5;

const KEY_HARD_STATE = Buffer.from('h');
const KEY_SNAPSHOT = Buffer.from('s');
const PREFIX_ENTRY = 0x65; // 'e'
const PREFIX_META = Buffer.from('m:');

function entryKey(i: number): Buffer {
  const k = Buffer.alloc(9);
  k[0] = PREFIX_ENTRY;
  k.writeBigUInt64BE(BigInt(i), 1);
  return k;
}

function metaKey(name: string): Buffer {
  if (name.length === 0) throw new Error('meta name must not be empty');
  return Buffer.concat([PREFIX_META, Buffer.from(name, 'utf8')]);
}

function checksum(key: Uint8Array, version: number, payload: Uint8Array): number {
  return crc32(payload, crc32(Buffer.of(version), crc32(key)));
}

function record(key: Uint8Array, payload: Uint8Array): Buffer {
  const v = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  v[0] = FORMAT_VERSION;
  v.writeUInt32BE(checksum(key, FORMAT_VERSION, payload), 1);
  v.set(payload, HEADER_BYTES);
  return v;
}

const hex = (n: number): string => '0x' + n.toString(16).padStart(8, '0');

function describeKey(key: Buffer): string {
  if (key.length === 9 && key[0] === PREFIX_ENTRY) return `entry ${Number(key.readBigUInt64BE(1))}`;
  if (key.equals(KEY_HARD_STATE)) return 'hard state';
  if (key.equals(KEY_SNAPSHOT)) return 'snapshot';
  if (key.subarray(0, 2).equals(PREFIX_META)) return `metadata "${key.subarray(2).toString('utf8')}"`;
  return `unknown key 0x${key.toString('hex')}`;
}

/** The data under the storage directory is damaged or inconsistent; nothing of it was replayed. */
export class CorruptStorageError extends Error {
  constructor(
    readonly dir: string,
    /** What is wrong, for example "entry 1234 fails its checksum (stored 0x…, computed 0x…)". */
    readonly problem: string,
  ) {
    super(
      `${dir}: ${problem}; the data is not replayed, refusing to start: ` +
        'restore this manager from a snapshot or remove it and re-join',
    );
    this.name = 'CorruptStorageError';
  }
}

export interface DiskStorageLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What persist() takes: the durable part of a Ready. */
export interface PersistRequest {
  hardState: HardState | null;
  entries: Entry[];
  snapshot: Snapshot | null;
  /**
   * Whether the write must be synced before resolving (a Ready's mustSync: new entries, term, vote
   * or snapshot). Default true. A commit-index-only change need not be: after a crash the commit
   * index is learned again from the leader.
   */
  mustSync?: boolean;
}

type Db = Level<Buffer, Buffer>;
type BatchOp = { type: 'put'; key: Buffer; value: Buffer } | { type: 'del'; key: Buffer };

export class DiskStorage implements Storage {
  private readonly mem = new MemoryStorage();
  /** Entry keys present on disk: [diskLo, diskHi], contiguous; empty when diskLo > diskHi. */
  private diskLo = 1;
  private diskHi = 0;
  private chain: Promise<void> = Promise.resolve();
  /** Set when a write failed or the storage was closed: every later write rejects with it. */
  private failed: Error | null = null;

  private constructor(
    readonly dir: string,
    private readonly db: Db,
  ) {}

  /** Opens (creating if needed) the storage under `dir` and loads it, verifying every record. */
  static async open(dir: string, opts: { logger?: DiskStorageLogger } = {}): Promise<DiskStorage> {
    await mkdir(dir, { recursive: true });
    const db: Db = new Level<Buffer, Buffer>(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await db.open();
    const s = new DiskStorage(dir, db);
    try {
      await s.load();
    } catch (err) {
      await db.close();
      if (err instanceof CorruptStorageError) opts.logger?.error({ dir, err: err.message }, 'raft storage is corrupt');
      throw err;
    }
    const snap = s.mem.snapshot().metadata!;
    opts.logger?.info(
      {
        dir,
        snapshotIndex: snap.index,
        snapshotTerm: snap.term,
        firstIndex: s.mem.firstIndex(),
        lastIndex: s.mem.lastIndex(),
        hardState: s.mem.hardStateNow(),
      },
      'raft storage opened',
    );
    return s;
  }

  private corrupt(problem: string): CorruptStorageError {
    return new CorruptStorageError(this.dir, problem);
  }

  /** The payload of a stored value after checking its version and checksum. */
  private verify(key: Buffer, value: Buffer): Buffer {
    const what = describeKey(key);
    if (value.length < HEADER_BYTES) throw this.corrupt(`${what} is truncated (${value.length} bytes)`);
    const version = value[0]!;
    if (version !== FORMAT_VERSION) throw this.corrupt(`${what} has unknown format version ${version}`);
    const payload = value.subarray(HEADER_BYTES);
    const stored = value.readUInt32BE(1);
    const computed = checksum(key, version, payload);
    if (stored !== computed) throw this.corrupt(`${what} fails its checksum (stored ${hex(stored)}, computed ${hex(computed)})`);
    return payload;
  }

  private decodeAs<T>(typeName: string, key: Buffer, payload: Buffer): T {
    try {
      return decode<T>(typeName, payload);
    } catch (err) {
      throw this.corrupt(`${describeKey(key)} does not decode as ${typeName}: ${(err as Error).message}`);
    }
  }

  private async load(): Promise<void> {
    let hs: HardState | null = null;
    let snap: Snapshot | null = null;
    const ents: Entry[] = [];
    for await (const [key, value] of this.db.iterator()) {
      const payload = this.verify(key, value);
      if (key.length === 9 && key[0] === PREFIX_ENTRY) {
        const i = Number(key.readBigUInt64BE(1));
        const e = this.decodeAs<Entry>('baton.v1.Entry', key, payload);
        if (e.index !== i) throw this.corrupt(`entry ${i} holds the entry of index ${e.index}`);
        const prev = ents[ents.length - 1];
        if (prev !== undefined) {
          if (i !== prev.index + 1) {
            const missing = i - 1 === prev.index + 1 ? `${prev.index + 1} is` : `${prev.index + 1}..${i - 1} are`;
            throw this.corrupt(`gap in the log: entries ${prev.index} and ${i} are stored but ${missing} missing`);
          }
          if (e.term < prev.term) throw this.corrupt(`entry ${i} has term ${e.term}, below the term ${prev.term} of entry ${prev.index}`);
        }
        ents.push(e);
      } else if (key.equals(KEY_HARD_STATE)) {
        hs = this.decodeAs<HardState>('baton.v1.HardState', key, payload);
      } else if (key.equals(KEY_SNAPSHOT)) {
        snap = this.decodeAs<Snapshot>('baton.v1.Snapshot', key, payload);
        if (snap.metadata === null || snap.metadata.index === 0) throw this.corrupt('snapshot has no metadata or index 0');
      } else if (!key.subarray(0, 2).equals(PREFIX_META)) {
        throw this.corrupt(`${describeKey(key)} is not part of the storage format`);
      }
    }

    const si = snap?.metadata!.index ?? 0;
    const st = snap?.metadata!.term ?? 0;
    let last = si;
    if (ents.length > 0) {
      const f = ents[0]!.index;
      last = ents[ents.length - 1]!.index;
      if (f > si + 1) {
        throw this.corrupt(`entries start at ${f} but the snapshot is at ${si}: entries ${si + 1}..${f - 1} are missing`);
      }
      if (f <= si) {
        if (last < si) throw this.corrupt(`entries ${f}..${last} end below the snapshot at ${si}`);
        const t = ents[si - f]!.term;
        if (t !== st) throw this.corrupt(`entry ${si} has term ${t} but the snapshot at ${si} has term ${st}`);
      } else if (ents[0]!.term < st) {
        throw this.corrupt(`entry ${f} has term ${ents[0]!.term}, below the snapshot's term ${st}`);
      }
      this.diskLo = f;
      this.diskHi = last;
    }
    if (hs !== null && hs.commit > last) {
      throw this.corrupt(`hard state commit ${hs.commit} is beyond the last entry ${last}`);
    }

    // Rebuild the MemoryStorage through its public API.
    const f = ents.length > 0 ? ents[0]!.index : si + 1;
    if (snap !== null && f >= si) {
      this.mem.applySnapshot(snap);
      this.mem.append(f === si ? ents.slice(1) : ents);
    } else if (snap !== null) {
      // The log keeps a tail below the snapshot: start from a stand-in snapshot at the first stored
      // entry (the dummy), append the rest, then record the real snapshot over it.
      const cs = snap.metadata!.confState ?? emptyConfState();
      this.mem.applySnapshot({ metadata: { index: f, term: ents[0]!.term, confState: cs }, data: Buffer.alloc(0) });
      this.mem.append(ents.slice(1));
      this.mem.createSnapshot(si, cs, snap.data);
    } else {
      this.mem.append(ents);
    }
    if (hs !== null) this.mem.setHardState(hs);
  }

  // --- Storage (reads, from memory) ---

  initialState(): { hardState: HardState; confState: ConfState } {
    return this.mem.initialState();
  }
  entries(lo: number, hi: number, maxBytes: number): Entry[] {
    return this.mem.entries(lo, hi, maxBytes);
  }
  term(i: number): number {
    return this.mem.term(i);
  }
  firstIndex(): number {
    return this.mem.firstIndex();
  }
  lastIndex(): number {
    return this.mem.lastIndex();
  }
  snapshot(): Snapshot {
    return this.mem.snapshot();
  }
  hardStateNow(): HardState {
    return this.mem.hardStateNow();
  }

  // --- writes ---

  /** Runs writes one at a time, in call order. */
  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(() => {
      if (this.failed !== null) throw this.failed;
      return fn();
    });
    this.chain = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  }

  private async write(ops: BatchOp[], sync: boolean): Promise<void> {
    try {
      await this.db.batch(ops, { sync });
    } catch (err) {
      // LevelDB stops accepting writes after a failed one; memory and disk may now differ.
      this.failed = new Error(`${this.dir}: a write to the raft storage failed, the storage is unusable: ${(err as Error).message}`);
      throw err;
    }
  }

  private deleteEntryKeys(ops: BatchOp[], lo: number, hi: number): void {
    for (let i = lo; i <= hi; i++) ops.push({ type: 'del', key: entryKey(i) });
  }

  /**
   * Persists the durable part of a Ready in one synced LevelDB batch (snapshot, then entries, then
   * hard state), then applies it to memory. Resolves once it is on disk.
   */
  persist(rd: PersistRequest): Promise<void> {
    return this.serialize(() => this.persistNow(rd));
  }

  private async persistNow(rd: PersistRequest): Promise<void> {
    const ops: BatchOp[] = [];
    let first = this.mem.firstIndex();
    let last = this.mem.lastIndex();
    let lo = this.diskLo;
    let hi = this.diskHi;

    if (rd.snapshot !== null) {
      const meta = rd.snapshot.metadata;
      if (meta === null) throw new Error('persist: snapshot without metadata');
      if (meta.index <= this.mem.snapshot().metadata!.index) throw new Error(`snapshot at ${meta.index} is out of date`);
      ops.push({ type: 'put', key: KEY_SNAPSHOT, value: record(KEY_SNAPSHOT, encode('baton.v1.Snapshot', rd.snapshot)) });
      // Like MemoryStorage.applySnapshot: the snapshot replaces the whole log.
      this.deleteEntryKeys(ops, lo, hi);
      lo = meta.index + 1;
      hi = meta.index;
      first = meta.index + 1;
      last = meta.index;
    }

    // Like MemoryStorage.append: entries older than the first index are ignored.
    let ents = rd.entries;
    if (ents.length > 0 && ents[ents.length - 1]!.index >= first) {
      if (ents[0]!.index < first) ents = ents.slice(first - ents[0]!.index);
      const a = ents[0]!.index;
      const b = ents[ents.length - 1]!.index;
      if (a > last + 1) throw new Error(`missing log entries: last ${last}, appending at ${a}`);
      for (const e of ents) {
        const k = entryKey(e.index);
        ops.push({ type: 'put', key: k, value: record(k, encode('baton.v1.Entry', e)) });
      }
      this.deleteEntryKeys(ops, Math.max(b + 1, lo), hi); // the conflicting old suffix
      if (lo > hi) lo = a;
      hi = b;
      last = b;
    }

    if (rd.hardState !== null) {
      if (rd.hardState.commit > last) throw new Error(`persist: commit ${rd.hardState.commit} is beyond the last index ${last}`);
      ops.push({ type: 'put', key: KEY_HARD_STATE, value: record(KEY_HARD_STATE, encode('baton.v1.HardState', rd.hardState)) });
    }

    if (ops.length === 0) return;
    await this.write(ops, rd.mustSync ?? true);
    this.diskLo = lo;
    this.diskHi = hi;
    if (rd.snapshot !== null) this.mem.applySnapshot(rd.snapshot);
    this.mem.append(rd.entries);
    if (rd.hardState !== null) this.mem.setHardState(rd.hardState);
  }

  /**
   * Writes the initial state of a brand-new cluster (like bootstrapStorage): a snapshot at index 1,
   * term 1 whose configuration holds the founding voters, and the hard state {term 1, commit 1}.
   */
  bootstrap(voters: number[], data: Buffer = Buffer.alloc(0)): Promise<void> {
    if (voters.length === 0) return Promise.reject(new Error('bootstrap needs at least one voter'));
    if (this.mem.lastIndex() !== 0 || !isEmptyHardState(this.mem.hardStateNow())) {
      return Promise.reject(new Error(`${this.dir}: cannot bootstrap, the raft storage is not empty`));
    }
    return this.persist({
      snapshot: { metadata: { index: 1, term: 1, confState: { voters: [...voters], learners: [] } }, data },
      entries: [],
      hardState: { term: 1, vote: NONE, commit: 1 },
    });
  }

  /**
   * Records the application's snapshot at applied index `index` (synced), then compacts the log,
   * keeping the `keepEntries` entries up to `index` (entries index-keepEntries+1..index stay
   * readable, as with MemoryStorage.compact(index - keepEntries)). A snapshot not newer than the
   * current one is ignored.
   */
  createSnapshot(index: number, confState: ConfState, data: Buffer, keepEntries: number): Promise<void> {
    return this.serialize(async () => {
      if (index <= this.mem.snapshot().metadata!.index) return;
      if (index > this.mem.lastIndex()) throw new UnavailableError(index, this.mem.lastIndex());
      const snap: Snapshot = { metadata: { index, term: this.mem.term(index), confState }, data };
      await this.write([{ type: 'put', key: KEY_SNAPSHOT, value: record(KEY_SNAPSHOT, encode('baton.v1.Snapshot', snap)) }], true);
      this.mem.createSnapshot(index, confState, data);

      // Compaction: the entry at compactIndex stays on disk as the dummy (it keeps its term).
      const compactIndex = index - Math.max(0, keepEntries);
      if (compactIndex <= this.mem.firstIndex() - 1) return;
      const ops: BatchOp[] = [];
      this.deleteEntryKeys(ops, this.diskLo, compactIndex - 1);
      // Not synced: losing it in a crash only leaves more entries, which open() handles.
      if (ops.length > 0) await this.write(ops, false);
      this.diskLo = Math.max(this.diskLo, compactIndex);
      this.mem.compact(compactIndex);
    });
  }

  /** Small metadata of the manager (for example its node id); null if never stored. */
  async getMeta(name: string): Promise<Buffer | null> {
    const key = metaKey(name);
    const value = await this.db.get(key);
    return value === undefined ? null : Buffer.from(this.verify(key, value));
  }

  putMeta(name: string, value: Buffer): Promise<void> {
    const key = metaKey(name);
    return this.serialize(() => this.write([{ type: 'put', key, value: record(key, value) }], true));
  }

  /** Waits for pending writes, then closes the database. Later writes reject. */
  close(): Promise<void> {
    return this.serialize(async () => {
      this.failed = new Error(`${this.dir}: the raft storage is closed`);
      await this.db.close();
    });
  }
}
