// What the Raft core reads of the persisted log. The core never writes storage itself: it hands
// new entries, hard state and snapshots to the application through Ready, and the application
// persists them (fsync) and appends them here before calling advance().
import {
  type ConfState,
  type Entry,
  type HardState,
  type Snapshot,
  emptyConfState,
  emptyHardState,
  emptySnapshot,
  limitSize,
} from './types.js';

/** The requested index is older than the first index still kept (it was compacted away). */
export class CompactedError extends Error {
  constructor(index: number, first: number) {
    super(`index ${index} is compacted (first kept index is ${first})`);
  }
}

/** The requested index is past the last index stored. */
export class UnavailableError extends Error {
  constructor(index: number, last: number) {
    super(`index ${index} is unavailable (last index is ${last})`);
  }
}

export interface Storage {
  initialState(): { hardState: HardState; confState: ConfState };
  /** Entries in [lo, hi), at most maxBytes in total but at least one if any exist. */
  entries(lo: number, hi: number, maxBytes: number): Entry[];
  /** The term of entry i; i may be firstIndex()-1 (the snapshot's index). */
  term(i: number): number;
  firstIndex(): number;
  lastIndex(): number;
  /** The most recent snapshot. */
  snapshot(): Snapshot;
}

/**
 * Storage kept in memory: the simulator's "disk", and the cache that the LevelDB storage keeps in
 * front of its files. ents[0] is a dummy entry holding the snapshot's index and term.
 */
export class MemoryStorage implements Storage {
  private hardState: HardState = emptyHardState();
  private snap: Snapshot = emptySnapshot();
  private ents: Entry[] = [{ term: 0, index: 0, type: 'ENTRY_NORMAL', data: Buffer.alloc(0) }];

  initialState(): { hardState: HardState; confState: ConfState } {
    const cs = this.snap.metadata?.confState ?? emptyConfState();
    return { hardState: { ...this.hardState }, confState: { voters: [...cs.voters], learners: [...cs.learners] } };
  }

  setHardState(hs: HardState): void {
    this.hardState = { ...hs };
  }

  hardStateNow(): HardState {
    return { ...this.hardState };
  }

  firstIndex(): number {
    return this.ents[0]!.index + 1;
  }

  lastIndex(): number {
    return this.ents[0]!.index + this.ents.length - 1;
  }

  term(i: number): number {
    const offset = this.ents[0]!.index;
    if (i < offset) throw new CompactedError(i, offset + 1);
    if (i - offset >= this.ents.length) throw new UnavailableError(i, this.lastIndex());
    return this.ents[i - offset]!.term;
  }

  entries(lo: number, hi: number, maxBytes: number): Entry[] {
    const offset = this.ents[0]!.index;
    if (lo <= offset) throw new CompactedError(lo, offset + 1);
    if (hi > this.lastIndex() + 1) throw new UnavailableError(hi - 1, this.lastIndex());
    return limitSize(this.ents.slice(lo - offset, hi - offset), maxBytes);
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  /** Replaces everything with the snapshot (a follower installing one from the leader). */
  applySnapshot(snap: Snapshot): void {
    const meta = snap.metadata!;
    if (meta.index <= this.snap.metadata!.index) throw new Error(`snapshot at ${meta.index} is out of date`);
    this.snap = snap;
    this.ents = [{ term: meta.term, index: meta.index, type: 'ENTRY_NORMAL', data: Buffer.alloc(0) }];
  }

  /** Records a snapshot of the application's state at applied index i (i <= last index). */
  createSnapshot(i: number, confState: ConfState, data: Buffer): Snapshot {
    if (i <= this.snap.metadata!.index) return this.snap;
    if (i > this.lastIndex()) throw new UnavailableError(i, this.lastIndex());
    this.snap = { metadata: { index: i, term: this.term(i), confState }, data };
    return this.snap;
  }

  /** Drops the entries before `compactIndex` (which becomes the dummy entry). */
  compact(compactIndex: number): void {
    const offset = this.ents[0]!.index;
    if (compactIndex <= offset) return;
    if (compactIndex > this.lastIndex()) throw new UnavailableError(compactIndex, this.lastIndex());
    const i = compactIndex - offset;
    const head = this.ents[i]!;
    this.ents = [{ term: head.term, index: head.index, type: 'ENTRY_NORMAL', data: Buffer.alloc(0) }, ...this.ents.slice(i + 1)];
  }

  /** Appends entries, replacing any conflicting suffix. Entries older than the snapshot are ignored. */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = this.firstIndex();
    let ents = entries as Entry[];
    if (ents[ents.length - 1]!.index < first) return;
    if (ents[0]!.index < first) ents = ents.slice(first - ents[0]!.index);
    const offset = ents[0]!.index - this.ents[0]!.index;
    if (offset > this.ents.length) {
      throw new Error(`missing log entries: last ${this.lastIndex()}, appending at ${ents[0]!.index}`);
    }
    if (offset < this.ents.length) this.ents.length = offset; // drop the conflicting suffix
    for (const e of ents) this.ents.push(e);
  }
}
