// DiskStorage: the durable Raft storage of a manager, on LevelDB (the `level` package).
//
// The core reads storage synchronously, so everything lives in a MemoryStorage; the LevelDB under
// `dir` is the source of truth on disk. open() loads it into memory, verifying every record;
// persist() writes a Ready in one synced batch and only then applies it to memory.
//
// Keys (one byte of prefix; LevelDB keeps them sorted, so entries iterate in index order):
//   h              hard state (baton.v1.HardState)
//   s              the latest snapshot: metadata and data in one value (format 1, baton.v1.Snapshot)
//                  for a small one; for one of SNAPSHOT_FILE_MIN_BYTES or more (format 2), the
//                  metadata and the length and CRC32 of the data, which is in a file of its own,
//                  snapshots/snap-<index>-<term>.bin under the directory. A large store's snapshot
//                  (tens of MiB) as a LevelDB value held up every write queued behind it for the
//                  whole synced write (LevelDB writes one batch at a time), and LevelDB then copied
//                  it again into its tables; the file is written and synced outside the write
//                  queue, and only the small record goes through it.
//   e <u64 BE>     log entries from that index on: a run of entries (format 2: what one persist()
//                  appended), or a single entry (format 1: baton.v1.Entry, as earlier versions
//                  wrote; still read)
//   m:<name>       small metadata of the manager (getMeta/putMeta), raw bytes
//
// Values: byte 0 is the format version, bytes 1..4 the CRC32 (big-endian) of
// key ‖ version ‖ payload (so a value stored under the wrong key fails too), then the payload.
// Format 2 (entry runs only): varint(count), then per entry varint(length) and a baton.v1.Entry;
// the entries' indexes follow the key's.
//
// One record per Ready (not one per entry) keeps the LevelDB batch of a Ready to two or three
// operations: building a batch costs several µs per operation in classic-level and abstract-level.
//
// The log is the entry records in key order, each replacing from its first index on whatever the
// records before it hold: a conflicting suffix is replaced by writing its run and deleting the
// records that start after it, without rewriting the record that holds the entries before it
// (that record's stale tail is superseded on reading). The records are contiguous: each starts
// at most one past the previous one's last entry. After compaction the first stored entry may be
// at or below the snapshot's index: the log's "dummy" entry (what MemoryStorage keeps in ents[0])
// and the tail kept for slow followers survive a restart.
import { mkdir, open as openFile, readFile, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';

import { Level } from 'level';

import { decode, encode } from '../proto/load.js';
import { decodeEntryRun, encodeEntryRun } from './entry_codec.js';
import { MemoryStorage, type Storage, UnavailableError } from './storage.js';
import { type ConfState, type Entry, type HardState, NONE, type Snapshot, emptyConfState, isEmptyHardState } from './types.js';

const FORMAT_VERSION = 1;
/** Format of the records holding a run of entries. */
const FORMAT_ENTRY_RUN = 2;
/** Format of a snapshot record whose data is in a file. */
const FORMAT_SNAPSHOT_FILE = 2;
/** Snapshot data at least this large goes to a file of its own. */
export const SNAPSHOT_FILE_MIN_BYTES = 1024 * 1024;
const SNAPSHOT_DIR = 'snapshots';
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

/** The record of a run of entries under `key` (format 2), encoded in place after the header. */
function runRecord(key: Uint8Array, ents: readonly Entry[]): Buffer {
  const v = encodeEntryRun(ents, HEADER_BYTES);
  v[0] = FORMAT_ENTRY_RUN;
  v.writeUInt32BE(checksum(key, FORMAT_ENTRY_RUN, v.subarray(HEADER_BYTES)), 1);
  return v;
}

function record(key: Uint8Array, payload: Uint8Array): Buffer {
  const v = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  v[0] = FORMAT_VERSION;
  v.writeUInt32BE(checksum(key, FORMAT_VERSION, payload), 1);
  v.set(payload, HEADER_BYTES);
  return v;
}

/**
 * The record of a snapshot: what record(KEY_SNAPSHOT, encode('baton.v1.Snapshot', snap)) gives,
 * byte for byte, but with the data (tens of MiB for a large store) copied once instead of three
 * times (protobufjs's writer, then the record, each a full copy).
 */
function snapshotRecord(snap: Snapshot): Buffer {
  const head = encode('baton.v1.Snapshot', { metadata: snap.metadata }); // field 1 only
  const data = snap.data;
  const dataHeader = Buffer.alloc(11);
  dataHeader[0] = 0x12; // field 2 (data), length-delimited
  let n = 1;
  for (let len = data.length; ; len = Math.floor(len / 128)) {
    if (len < 128) {
      dataHeader[n++] = len;
      break;
    }
    dataHeader[n++] = (len % 128) | 128;
  }
  const lenBytes = dataHeader.subarray(0, n);
  const v = Buffer.allocUnsafe(HEADER_BYTES + head.length + lenBytes.length + data.length);
  v[0] = FORMAT_VERSION;
  let crc = crc32(Buffer.of(FORMAT_VERSION), crc32(KEY_SNAPSHOT));
  crc = crc32(data, crc32(lenBytes, crc32(head, crc)));
  v.writeUInt32BE(crc, 1);
  v.set(head, HEADER_BYTES);
  v.set(lenBytes, HEADER_BYTES + head.length);
  v.set(data, HEADER_BYTES + head.length + lenBytes.length);
  return v;
}

function snapshotFileName(index: number, term: number): string {
  return `snap-${index}-${term}.bin`;
}

/**
 * The record of a snapshot whose data is in its file (format 2): CRC32 of the data (u32 BE), its
 * length (u64 BE), then the encoded baton.v1.SnapshotMetadata.
 */
function snapshotFileRecord(metadata: NonNullable<Snapshot['metadata']>, data: Buffer, dataCrc: number): Buffer {
  const meta = encode('baton.v1.SnapshotMetadata', metadata);
  const payload = Buffer.allocUnsafe(12 + meta.length);
  payload.writeUInt32BE(dataCrc, 0);
  payload.writeBigUInt64BE(BigInt(data.length), 4);
  payload.set(meta, 12);
  const v = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  v[0] = FORMAT_SNAPSHOT_FILE;
  v.writeUInt32BE(checksum(KEY_SNAPSHOT, FORMAT_SNAPSHOT_FILE, payload), 1);
  v.set(payload, HEADER_BYTES);
  return v;
}

/** CRC32 of a large buffer, 4 MiB per turn of the event loop (tens of ms in one go otherwise). */
async function crc32InSlices(data: Buffer): Promise<number> {
  const step = 4 * 1024 * 1024;
  let crc = 0;
  for (let o = 0; o < data.length; o += step) {
    crc = crc32(data.subarray(o, o + step), crc);
    if (o + step < data.length) await new Promise<void>((r) => setImmediate(r));
  }
  return crc;
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
  /** The first index of every entry record on disk, ascending (see the top of this file). */
  private runStarts: number[] = [];
  /** The file holding the current snapshot's data, if it is in a file (snapshots/). */
  private snapshotFile: string | null = null;
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
      await s.removeOtherSnapshotFiles();
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
    const isEntry = key.length === 9 && key[0] === PREFIX_ENTRY;
    const known =
      version === FORMAT_VERSION || (isEntry && version === FORMAT_ENTRY_RUN) || (key.equals(KEY_SNAPSHOT) && version === FORMAT_SNAPSHOT_FILE);
    if (!known) throw this.corrupt(`${what} has unknown format version ${version}`);
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

  private snapshotPath(name: string): string {
    return path.join(this.dir, SNAPSHOT_DIR, name);
  }

  /** The snapshot a format-2 record names: its metadata, and the data read back from its file. */
  private async loadSnapshotFile(payload: Buffer): Promise<Snapshot> {
    if (payload.length < 12) throw this.corrupt(`snapshot record is truncated (${payload.length} bytes)`);
    const crc = payload.readUInt32BE(0);
    const length = Number(payload.readBigUInt64BE(4));
    const metadata = this.decodeAs<NonNullable<Snapshot['metadata']>>('baton.v1.SnapshotMetadata', KEY_SNAPSHOT, payload.subarray(12));
    const name = snapshotFileName(metadata.index, metadata.term);
    let data: Buffer;
    try {
      data = await readFile(this.snapshotPath(name));
    } catch (err) {
      throw this.corrupt(`snapshot file ${SNAPSHOT_DIR}/${name} cannot be read: ${(err as Error).message}`);
    }
    if (data.length !== length) throw this.corrupt(`snapshot file ${SNAPSHOT_DIR}/${name} has ${data.length} bytes, the record says ${length}`);
    const computed = crc32(data);
    if (computed !== crc) throw this.corrupt(`snapshot file ${SNAPSHOT_DIR}/${name} fails its checksum (stored ${hex(crc)}, computed ${hex(computed)})`);
    this.snapshotFile = name;
    return { metadata, data };
  }

  /**
   * Writes snapshot data to its file (a temporary name, synced, renamed, the directory synced), so
   * that a record may name it. Returns the file's name.
   */
  private async writeSnapshotFile(index: number, term: number, data: Buffer): Promise<string> {
    const dir = path.join(this.dir, SNAPSHOT_DIR);
    await mkdir(dir, { recursive: true });
    const name = snapshotFileName(index, term);
    const tmp = path.join(dir, `${name}.tmp`);
    const fh = await openFile(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path.join(dir, name));
    const d = await openFile(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
    return name;
  }

  /** Removes the snapshot files no record names (older snapshots, a write cut short). */
  private async removeOtherSnapshotFiles(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(path.join(this.dir, SNAPSHOT_DIR));
    } catch {
      return;
    }
    for (const n of names) if (n !== this.snapshotFile) await rm(this.snapshotPath(n), { force: true });
  }

  private async load(): Promise<void> {
    let hs: HardState | null = null;
    let snap: Snapshot | null = null;
    const ents: Entry[] = [];
    const runStarts: number[] = [];
    for await (const [key, value] of this.db.iterator()) {
      const payload = this.verify(key, value);
      if (key.length === 9 && key[0] === PREFIX_ENTRY) {
        const i = Number(key.readBigUInt64BE(1));
        let run: Entry[];
        if (value[0] === FORMAT_ENTRY_RUN) {
          try {
            run = decodeEntryRun(payload);
          } catch (err) {
            throw this.corrupt(`${describeKey(key)} does not decode as a run of entries: ${(err as Error).message}`);
          }
          if (run.length === 0) throw this.corrupt(`${describeKey(key)} holds an empty run of entries`);
        } else {
          run = [this.decodeAs<Entry>('baton.v1.Entry', key, payload)];
        }
        for (let k = 0; k < run.length; k++) {
          if (run[k]!.index !== i + k) {
            throw this.corrupt(k === 0 ? `entry ${i} holds the entry of index ${run[k]!.index}` : `entry ${i} holds the entry of index ${run[k]!.index} in place of ${i + k}`);
          }
        }
        const prev = ents[ents.length - 1];
        if (prev !== undefined) {
          if (i > prev.index + 1) {
            const missing = i - 1 === prev.index + 1 ? `${prev.index + 1} is` : `${prev.index + 1}..${i - 1} are`;
            throw this.corrupt(`gap in the log: entries ${prev.index} and ${i} are stored but ${missing} missing`);
          }
          // This record replaces what the records before it hold from its first index on.
          ents.length -= prev.index + 1 - i;
        }
        for (const e of run) {
          const before = ents[ents.length - 1];
          if (before !== undefined && e.term < before.term) throw this.corrupt(`entry ${e.index} has term ${e.term}, below the term ${before.term} of entry ${before.index}`);
          ents.push(e);
        }
        runStarts.push(i);
      } else if (key.equals(KEY_HARD_STATE)) {
        hs = this.decodeAs<HardState>('baton.v1.HardState', key, payload);
      } else if (key.equals(KEY_SNAPSHOT)) {
        snap = value[0] === FORMAT_SNAPSHOT_FILE ? await this.loadSnapshotFile(payload) : this.decodeAs<Snapshot>('baton.v1.Snapshot', key, payload);
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
      this.runStarts = runStarts;
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

  private write(ops: BatchOp[], sync: boolean): Promise<void> {
    return this.guarded(this.db.batch(ops, { sync }));
  }

  private async guarded(write: Promise<void>): Promise<void> {
    try {
      await write;
    } catch (err) {
      // LevelDB stops accepting writes after a failed one; memory and disk may now differ.
      this.failed = new Error(`${this.dir}: a write to the raft storage failed, the storage is unusable: ${(err as Error).message}`);
      throw err;
    }
  }

  /** Deletes the entry records runStarts[from..]; returns how many remain. */
  private deleteRunsFrom(ops: BatchOp[], from: number): number {
    for (let k = from; k < this.runStarts.length; k++) ops.push({ type: 'del', key: entryKey(this.runStarts[k]!) });
    return from;
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
    /** How many of runStarts remain after this write, and the run it adds (if any). */
    let keep = this.runStarts.length;
    let added = -1;
    /** The snapshot's data file, when this write records a snapshot (null: in the record). */
    let newSnapshotFile: string | null | undefined;

    if (rd.snapshot !== null) {
      const meta = rd.snapshot.metadata;
      if (meta === null) throw new Error('persist: snapshot without metadata');
      if (meta.index <= this.mem.snapshot().metadata!.index) throw new Error(`snapshot at ${meta.index} is out of date`);
      if (rd.snapshot.data.length >= SNAPSHOT_FILE_MIN_BYTES) {
        newSnapshotFile = await this.writeSnapshotFile(meta.index, meta.term, rd.snapshot.data);
        ops.push({ type: 'put', key: KEY_SNAPSHOT, value: snapshotFileRecord(meta, rd.snapshot.data, crc32(rd.snapshot.data)) });
      } else {
        newSnapshotFile = null;
        ops.push({ type: 'put', key: KEY_SNAPSHOT, value: snapshotRecord(rd.snapshot) });
      }
      // Like MemoryStorage.applySnapshot: the snapshot replaces the whole log.
      keep = this.deleteRunsFrom(ops, 0);
      first = meta.index + 1;
      last = meta.index;
    }

    // Like MemoryStorage.append: entries older than the first index are ignored.
    let ents = rd.entries;
    if (ents.length > 0 && ents[ents.length - 1]!.index >= first) {
      if (ents[0]!.index < first) ents = ents.slice(first - ents[0]!.index);
      const a = ents[0]!.index;
      if (a > last + 1) throw new Error(`missing log entries: last ${last}, appending at ${a}`);
      // Records starting at or after a are replaced (the one at a is overwritten by the put).
      let k = keep;
      while (k > 0 && this.runStarts[k - 1]! >= a) k--;
      if (k < keep) {
        for (let j = k; j < keep; j++) if (this.runStarts[j] !== a) ops.push({ type: 'del', key: entryKey(this.runStarts[j]!) });
        keep = k;
      }
      const key = entryKey(a);
      ops.push({ type: 'put', key, value: runRecord(key, ents) });
      added = a;
      last = ents[ents.length - 1]!.index;
    }

    if (rd.hardState !== null) {
      if (rd.hardState.commit > last) throw new Error(`persist: commit ${rd.hardState.commit} is beyond the last index ${last}`);
      ops.push({ type: 'put', key: KEY_HARD_STATE, value: record(KEY_HARD_STATE, encode('baton.v1.HardState', rd.hardState)) });
    }

    if (ops.length === 0) return;
    await this.write(ops, rd.mustSync ?? true);
    if (newSnapshotFile !== undefined) await this.replacedSnapshotFile(newSnapshotFile);
    this.runStarts.length = keep;
    if (added >= 0) this.runStarts.push(added);
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
    if (data.length < SNAPSHOT_FILE_MIN_BYTES) {
      return this.serialize(async () => {
        if (index <= this.mem.snapshot().metadata!.index) return;
        if (index > this.mem.lastIndex()) throw new UnavailableError(index, this.mem.lastIndex());
        const snap: Snapshot = { metadata: { index, term: this.mem.term(index), confState }, data };
        await this.write([{ type: 'put', key: KEY_SNAPSHOT, value: snapshotRecord(snap) }], true);
        await this.replacedSnapshotFile(null);
        await this.compact(index, confState, data, keepEntries);
      });
    }
    // A large snapshot: its file is written first, outside the write queue (persist() goes on
    // meanwhile), then the record naming it goes through the queue. The entries up to `index` are
    // committed, so nothing persisted meanwhile changes them; a newer snapshot installed meanwhile
    // makes this one moot.
    if (index <= this.mem.snapshot().metadata!.index) return Promise.resolve();
    if (index > this.mem.lastIndex()) return Promise.reject(new UnavailableError(index, this.mem.lastIndex()));
    const term = this.mem.term(index);
    const metadata = { index, term, confState };
    return Promise.all([this.writeSnapshotFile(index, term, data), crc32InSlices(data)]).then(([name, dataCrc]) =>
      this.serialize(async () => {
        if (index <= this.mem.snapshot().metadata!.index) {
          if (name !== this.snapshotFile) await rm(this.snapshotPath(name), { force: true });
          return;
        }
        await this.write([{ type: 'put', key: KEY_SNAPSHOT, value: snapshotFileRecord(metadata, data, dataCrc) }], true);
        await this.replacedSnapshotFile(name);
        await this.compact(index, confState, data, keepEntries);
      }),
    );
  }

  /** After a snapshot record was written: the previous snapshot's file, if any, goes. */
  private async replacedSnapshotFile(name: string | null): Promise<void> {
    const old = this.snapshotFile;
    this.snapshotFile = name;
    if (old !== null && old !== name) await rm(this.snapshotPath(old), { force: true }).catch(() => undefined);
  }

  /** Records the snapshot in memory and compacts the log up to index - keepEntries. */
  private async compact(index: number, confState: ConfState, data: Buffer, keepEntries: number): Promise<void> {
    this.mem.createSnapshot(index, confState, data);

    // Compaction: the entry at compactIndex stays on disk as the dummy (it keeps its term). The
    // records before the one holding it go; that one is written again from compactIndex on
    // (one Ready's entries at most), so that a reopened storage starts where this one does.
    const compactIndex = index - Math.max(0, keepEntries);
    if (compactIndex <= this.mem.firstIndex() - 1) return;
    let j = 0;
    while (j + 1 < this.runStarts.length && this.runStarts[j + 1]! <= compactIndex) j++;
    const starts = this.runStarts.slice(j);
    /** Every entry record with a key below this one goes. */
    let below = j > 0 ? entryKey(starts[0]!) : null;
    if (starts.length > 0 && starts[0]! < compactIndex) {
      const end = starts.length > 1 ? starts[1]! - 1 : this.mem.lastIndex();
      const key = entryKey(compactIndex);
      await this.write([{ type: 'put', key, value: runRecord(key, this.mem.entries(compactIndex, end + 1, Infinity)) }], false);
      below = key;
      starts[0] = compactIndex;
    }
    // The records before go in one ranged delete that LevelDB runs off the event loop: as a batch
    // of one delete per record (one record per Ready: tens of thousands between two snapshots of a
    // large store) its preparation held the event loop for ~110 ms at 25,000 records. Neither
    // write is synced, and a crash between or during them only leaves more entries, which open()
    // handles: the rewritten record supersedes the old one from compactIndex on with the same
    // entries, and the ranged delete goes in key order, so what survives of it is a contiguous run.
    if (below !== null) await this.clearEntriesBelow(below);
    this.runStarts = starts;
    this.mem.compact(compactIndex);
  }

  /** Deletes the entry records whose keys are below `key` (not synced). */
  private clearEntriesBelow(key: Buffer): Promise<void> {
    return this.guarded(this.db.clear({ gte: Buffer.of(PREFIX_ENTRY), lt: key }));
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
