// Entries and a snapshot that the core has accepted but the application has not yet persisted.
// `offset` is the index of entries[0].
import type { Entry, Snapshot } from './types.js';

export class Unstable {
  snapshot: Snapshot | null = null;
  entries: Entry[] = [];

  constructor(public offset: number) {}

  /** The first index if a snapshot is pending (the index right after it). */
  maybeFirstIndex(): number | null {
    return this.snapshot ? this.snapshot.metadata!.index + 1 : null;
  }

  maybeLastIndex(): number | null {
    if (this.entries.length > 0) return this.offset + this.entries.length - 1;
    return this.snapshot ? this.snapshot.metadata!.index : null;
  }

  maybeTerm(i: number): number | null {
    if (i < this.offset) {
      const meta = this.snapshot?.metadata;
      return meta && meta.index === i ? meta.term : null;
    }
    const last = this.maybeLastIndex();
    if (last === null || i > last) return null;
    return this.entries[i - this.offset]!.term;
  }

  /** Entries up to (i, t) were persisted: forget them (unless they were replaced meanwhile). */
  stableTo(i: number, t: number): void {
    const gt = this.maybeTerm(i);
    if (gt === null || i < this.offset) return;
    if (gt === t) {
      this.entries = this.entries.slice(i + 1 - this.offset);
      this.offset = i + 1;
    }
  }

  stableSnapTo(i: number): void {
    if (this.snapshot && this.snapshot.metadata!.index === i) this.snapshot = null;
  }

  restore(s: Snapshot): void {
    this.offset = s.metadata!.index + 1;
    this.entries = [];
    this.snapshot = s;
  }

  truncateAndAppend(ents: Entry[]): void {
    const after = ents[0]!.index;
    if (after === this.offset + this.entries.length) {
      this.entries = this.entries.concat(ents);
    } else if (after <= this.offset) {
      // The whole unstable tail is replaced.
      this.offset = after;
      this.entries = ents.slice();
    } else {
      this.entries = this.entries.slice(0, after - this.offset).concat(ents);
    }
  }

  slice(lo: number, hi: number): Entry[] {
    if (lo < this.offset || hi > this.offset + this.entries.length) {
      throw new Error(`unstable.slice[${lo},${hi}) out of bounds [${this.offset},${this.offset + this.entries.length})`);
    }
    return this.entries.slice(lo - this.offset, hi - this.offset);
  }
}
