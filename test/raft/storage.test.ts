// MemoryStorage: the persisted log, hard state and snapshot as the core reads them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { CompactedError, type Entry, MemoryStorage, UnavailableError, bootstrapStorage } from '../../src/raft/index.js';

const e = (index: number, term: number, data = ''): Entry => ({ index, term, type: 'ENTRY_NORMAL', data: Buffer.from(data) });
const shape = (ents: Entry[]) => ents.map((x) => `${x.index}:${x.term}`);
const all = (s: MemoryStorage) => (s.lastIndex() < s.firstIndex() ? [] : s.entries(s.firstIndex(), s.lastIndex() + 1, Infinity));

/** A storage holding entries 1..n of the given terms. */
function withTerms(...terms: number[]): MemoryStorage {
  const s = new MemoryStorage();
  s.append(terms.map((t, i) => e(i + 1, t)));
  return s;
}

describe('MemoryStorage', () => {
  it('starts empty: first index 1, last index 0, term(0) = 0, empty initial state', () => {
    const s = new MemoryStorage();
    expect([s.firstIndex(), s.lastIndex(), s.term(0)]).toEqual([1, 0, 0]);
    expect(s.initialState()).toEqual({ hardState: { term: 0, vote: 0, commit: 0 }, confState: { voters: [], learners: [] } });
    expect(all(s)).toEqual([]);
  });

  it('append extends the log; appending at a conflicting index replaces the suffix from there', () => {
    const s = withTerms(1, 1, 2, 2);
    s.append([e(5, 2)]);
    expect(shape(all(s)), 'after a contiguous append').toEqual(['1:1', '2:1', '3:2', '4:2', '5:2']);
    s.append([e(3, 3), e(4, 3)]);
    expect(shape(all(s)), 'after an append at 3 (3, 4 and 5 replaced)').toEqual(['1:1', '2:1', '3:3', '4:3']);
  });

  it('append refuses to leave a gap', () => {
    const s = withTerms(1, 1);
    expect(() => s.append([e(4, 1)])).toThrow(/missing log entries/);
  });

  it('append ignores entries before the first index, and trims those overlapping it', () => {
    const s = withTerms(1, 1, 1, 2, 2);
    s.compact(3);
    s.append([e(1, 1), e(2, 1)]);
    expect(shape(all(s)), 'after appending only compacted entries').toEqual(['4:2', '5:2']);
    s.append([e(3, 1), e(4, 2), e(5, 3)]);
    expect(shape(all(s)), 'after an append starting at the compacted index 3').toEqual(['4:2', '5:3']);
  });

  it('term(i): the dummy entry keeps the term of the last compacted index; older ones throw CompactedError', () => {
    const s = withTerms(1, 2, 3, 4);
    s.compact(2);
    expect(s.firstIndex()).toBe(3);
    expect(s.term(2), 'term of the compaction point').toBe(2);
    expect(() => s.term(1)).toThrow(CompactedError);
    expect(() => s.term(5)).toThrow(UnavailableError);
  });

  it('entries(lo, hi): compacted lo throws CompactedError, hi past the end throws UnavailableError', () => {
    const s = withTerms(1, 1, 1, 1);
    s.compact(2);
    expect(() => s.entries(2, 4, Infinity)).toThrow(CompactedError);
    expect(() => s.entries(3, 6, Infinity)).toThrow(UnavailableError);
    expect(shape(s.entries(3, 5, Infinity))).toEqual(['3:1', '4:1']);
  });

  it('entries(lo, hi, maxBytes) returns the longest prefix within maxBytes, but at least one entry', () => {
    const s = new MemoryStorage();
    s.append([e(1, 1, 'aaaa'), e(2, 1, 'bbbb'), e(3, 1, 'cccc')]); // 20 bytes each
    expect(s.entries(1, 4, 0).length, 'with maxBytes 0').toBe(1);
    expect(s.entries(1, 4, 39).length, 'with maxBytes 39').toBe(1);
    expect(s.entries(1, 4, 40).length, 'with maxBytes 40').toBe(2);
    expect(s.entries(1, 4, 60).length, 'with maxBytes 60').toBe(3);
  });

  it('compact is a no-op at or below the current point and refuses to go past the last index', () => {
    const s = withTerms(1, 1, 1);
    s.compact(2);
    s.compact(1);
    s.compact(2);
    expect(s.firstIndex()).toBe(3);
    expect(() => s.compact(4)).toThrow(UnavailableError);
    s.compact(3);
    expect([s.firstIndex(), s.lastIndex(), s.term(3)], 'compacted to the last index').toEqual([4, 3, 1]);
  });

  it('createSnapshot records index, term and configuration; an older index returns the current snapshot', () => {
    const s = withTerms(1, 2, 2);
    const cs = { voters: [1, 2], learners: [3] };
    const snap = s.createSnapshot(2, cs, Buffer.from('state'));
    expect(snap.metadata).toEqual({ index: 2, term: 2, confState: cs });
    expect(s.snapshot()).toBe(snap);
    expect(s.createSnapshot(1, cs, Buffer.from('older')), 'a snapshot older than the current one').toBe(snap);
    expect(() => s.createSnapshot(4, cs, Buffer.alloc(0))).toThrow(UnavailableError);
    expect(s.initialState().confState, 'configuration read at restart').toEqual(cs);
  });

  it('applySnapshot replaces the whole log; an older snapshot is refused', () => {
    const s = withTerms(1, 1, 1, 1, 1);
    const meta = { index: 7, term: 3, confState: { voters: [1], learners: [] } };
    s.applySnapshot({ metadata: meta, data: Buffer.from('x') });
    expect([s.firstIndex(), s.lastIndex(), s.term(7)]).toEqual([8, 7, 3]);
    expect(all(s)).toEqual([]);
    expect(() => s.applySnapshot({ metadata: { ...meta, index: 6 }, data: Buffer.alloc(0) })).toThrow(/out of date/);
  });

  it('bootstrapStorage writes a snapshot at index 1 (term 1) with the voters, and commit 1', () => {
    const s = new MemoryStorage();
    bootstrapStorage(s, [1, 2, 3]);
    expect(s.initialState()).toEqual({ hardState: { term: 1, vote: 0, commit: 1 }, confState: { voters: [1, 2, 3], learners: [] } });
    expect([s.firstIndex(), s.lastIndex(), s.term(1)]).toEqual([2, 1, 1]);
    expect(() => bootstrapStorage(new MemoryStorage(), [])).toThrow(/at least one voter/);
  });

  it('hard state is copied in and out (no aliasing)', () => {
    const s = new MemoryStorage();
    const hs = { term: 2, vote: 1, commit: 0 };
    s.setHardState(hs);
    hs.term = 9;
    const out = s.hardStateNow();
    out.vote = 7;
    expect(s.initialState().hardState).toEqual({ term: 2, vote: 1, commit: 0 });
  });

  it('property: after any sequence of appends and compactions, the log is what a simple array model says', () => {
    type Op = { kind: 'append'; at: number; terms: number[] } | { kind: 'compact'; at: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), at: fc.integer({ min: 1, max: 12 }), terms: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }) }),
      fc.record({ kind: fc.constant('compact' as const), at: fc.integer({ min: 0, max: 12 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const s = new MemoryStorage();
        let model: { index: number; term: number }[] = []; // every entry ever kept, from index 1
        let first = 1;
        for (const o of ops) {
          const last = first - 1 + model.filter((m) => m.index >= first).length;
          if (o.kind === 'compact') {
            if (o.at > last) {
              expect(() => s.compact(o.at)).toThrow(UnavailableError);
            } else {
              s.compact(o.at);
              first = Math.max(first, o.at + 1);
            }
            continue;
          }
          if (o.at > last + 1) {
            if (o.at + o.terms.length - 1 >= first) expect(() => s.append(o.terms.map((t, i) => e(o.at + i, t)))).toThrow();
            continue;
          }
          s.append(o.terms.map((t, i) => e(o.at + i, t)));
          if (o.at + o.terms.length - 1 < first) continue; // only compacted entries: ignored
          const keep = model.filter((m) => m.index < Math.max(o.at, first));
          const added = o.terms.map((t, i) => ({ index: o.at + i, term: t })).filter((m) => m.index >= first);
          model = keep.concat(added.filter((m) => m.index >= Math.max(o.at, first)));
        }
        const expected = model.filter((m) => m.index >= first).map((m) => `${m.index}:${m.term}`);
        expect(shape(all(s))).toEqual(expected);
        expect(s.firstIndex()).toBe(first);
      }),
      { numRuns: 300 },
    );
  });
});
