// The storage a manager's Raft shell writes through: the core's Storage (synchronous reads) plus
// durable writes. DiskStorage (LevelDB) is the real one; MemoryDurableStorage serves tests.
import { MemoryStorage, type Storage } from '../raft/storage.js';
import type { ConfState, Entry, HardState, Snapshot } from '../raft/types.js';

export interface DurableStorage extends Storage {
  /** Persists (fsync) what a Ready hands out; resolves once it is durable. */
  persist(rd: { hardState: HardState | null; entries: Entry[]; snapshot: Snapshot | null; mustSync?: boolean }): Promise<void>;
  /** Records a snapshot at applied index `index` and compacts the log, keeping `keepEntries` before it. */
  createSnapshot(index: number, confState: ConfState, data: Buffer, keepEntries: number): Promise<void>;
  close(): Promise<void>;
}

/** Durable in name only: keeps everything in memory (tests, and the in-process benchmark). */
export class MemoryDurableStorage implements DurableStorage {
  readonly mem = new MemoryStorage();

  initialState() {
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

  async persist(rd: { hardState: HardState | null; entries: Entry[]; snapshot: Snapshot | null }): Promise<void> {
    if (rd.snapshot) this.mem.applySnapshot(rd.snapshot);
    this.mem.append(rd.entries);
    if (rd.hardState) this.mem.setHardState(rd.hardState);
  }

  async createSnapshot(index: number, confState: ConfState, data: Buffer, keepEntries: number): Promise<void> {
    this.mem.createSnapshot(index, confState, data);
    const compactTo = index - keepEntries;
    if (compactTo > this.mem.firstIndex()) this.mem.compact(compactTo);
  }

  async close(): Promise<void> {}
}
