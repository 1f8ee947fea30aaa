// RaftLog (persisted entries in Storage followed by unstable ones) and Unstable.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

import { RaftLog } from '../../src/raft/log.js';
import { Unstable } from '../../src/raft/log_unstable.js';
import { CompactedError, type Entry, MemoryStorage, UnavailableError } from '../../src/raft/index.js';

const e = (index: number, term: number, data = ''): Entry => ({ index, term, type: 'ENTRY_NORMAL', data: Buffer.from(data) });
const run = (from: number, ...terms: number[]) => terms.map((t, i) => e(from + i, t));
const shape = (ents: Entry[]) => ents.map((x) => `${x.index}:${x.term}`);

/** A log whose entries 1..stored are in storage and the rest unstable. */
function logOf(terms: number[], stored = terms.length): RaftLog {
  const s = new MemoryStorage();
  s.append(run(1, ...terms.slice(0, stored)));
  const log = new RaftLog(s);
  if (stored < terms.length) log.append(run(stored + 1, ...terms.slice(stored)));
  return log;
}

describe('RaftLog', () => {
  it('indexes and terms span storage and unstable entries', () => {
    const log = logOf([1, 1, 2, 3], 2);
    expect([log.firstIndex(), log.lastIndex(), log.lastTerm()]).toEqual([1, 4, 3]);
    expect([1, 2, 3, 4].map((i) => log.term(i)), 'terms of 1..4').toEqual([1, 1, 2, 3]);
    expect(shape(log.allEntries())).toEqual(['1:1', '2:1', '3:2', '4:3']);
    expect(shape(log.unstableEntries()), 'unstable entries').toEqual(['3:2', '4:3']);
  });

  it('term() of a compacted index throws CompactedError, past the end UnavailableError; zeroTermOnOutOfBounds gives 0', () => {
    const s = new MemoryStorage();
    s.append(run(1, 1, 1, 2, 2));
    s.compact(2);
    const log = new RaftLog(s);
    expect(log.term(2), 'term at the compaction point').toBe(1);
    expect(() => log.term(1)).toThrow(CompactedError);
    expect(() => log.term(5)).toThrow(UnavailableError);
    expect([log.zeroTermOnOutOfBounds(1), log.zeroTermOnOutOfBounds(5), log.zeroTermOnOutOfBounds(4)]).toEqual([0, 0, 2]);
    expect(() => log.entries(2, Infinity)).toThrow(CompactedError);
  });

  describe('maybeAppend (follower side of AppendEntries)', () => {
    // The log: 1:1 2:2 3:3, committed 1.
    const cases: { name: string; index: number; logTerm: number; ents: Entry[]; want: number | null; log: string[] }[] = [
      { name: 'mismatching previous term', index: 3, logTerm: 2, ents: run(4, 4), want: null, log: ['1:1', '2:2', '3:3'] },
      { name: 'previous index past the end', index: 4, logTerm: 3, ents: run(5, 4), want: null, log: ['1:1', '2:2', '3:3'] },
      { name: 'new entries at the end', index: 3, logTerm: 3, ents: run(4, 4, 4), want: 5, log: ['1:1', '2:2', '3:3', '4:4', '5:4'] },
      { name: 'entries already present (a duplicate)', index: 1, logTerm: 1, ents: run(2, 2, 3), want: 3, log: ['1:1', '2:2', '3:3'] },
      { name: 'a heartbeat-like empty append', index: 2, logTerm: 2, ents: [], want: 2, log: ['1:1', '2:2', '3:3'] },
      { name: 'a conflict truncates the rest', index: 1, logTerm: 1, ents: run(2, 4), want: 2, log: ['1:1', '2:4'] },
      { name: 'a conflict after matching entries', index: 1, logTerm: 1, ents: run(2, 2, 4, 4), want: 4, log: ['1:1', '2:2', '3:4', '4:4'] },
    ];
    for (const c of cases) {
      it(`${c.name}: returns ${c.want}`, () => {
        const log = logOf([1, 2, 3]);
        log.commitTo(1);
        expect(log.maybeAppend(c.index, c.logTerm, 1, c.ents), 'last new index').toBe(c.want);
        expect(shape(log.allEntries()), 'log after').toEqual(c.log);
      });
    }

    it("the commit index moves to min(leader's commit, last new entry)", () => {
      const log = logOf([1, 1, 1, 1, 1]);
      log.maybeAppend(1, 1, 10, run(2, 1));
      expect(log.committed, 'commit after an append ending at 2 with leader commit 10').toBe(2);
      log.maybeAppend(3, 1, 4, []);
      expect(log.committed, 'commit after an empty append after 3 with leader commit 4').toBe(3);
    });

    it('a conflict with a committed entry throws', () => {
      const log = logOf([1, 1, 1]);
      log.commitTo(3);
      expect(() => log.maybeAppend(1, 1, 3, run(2, 2))).toThrow(/conflicts with committed/);
    });
  });

  // Regression: this failed against the first version of the core.
  it('appending new entries on a follower does not throw (and catch) exceptions', () => {
    const log = logOf([1, 1, 1]);
    const term = vi.spyOn(log, 'term');
    let thrown = 0;
    const orig = RaftLog.prototype.term;
    term.mockImplementation(function (this: RaftLog, i: number) {
      try {
        return orig.call(this, i);
      } catch (err) {
        thrown++;
        throw err;
      }
    });
    expect(log.maybeAppend(3, 1, 0, run(4, 1, 1, 1, 1, 1))).toBe(8);
    expect(thrown, 'exceptions thrown inside term() while appending 5 new entries').toBe(0);
  });

  it('findConflict: the first entry that is new or differs, 0 if none', () => {
    const log = logOf([1, 2, 3]);
    expect(log.findConflict(run(1, 1, 2, 3))).toBe(0);
    expect(log.findConflict(run(2, 2, 3, 4))).toBe(4);
    expect(log.findConflict(run(2, 2, 4))).toBe(3);
    expect(log.findConflict(run(1, 4))).toBe(1);
    expect(log.findConflict([])).toBe(0);
  });

  describe('findConflictByTerm (fast back-off)', () => {
    // Log (indexes 1..7): terms 1 1 2 2 4 4 5.
    const terms = [1, 1, 2, 2, 4, 4, 5];
    const cases: [index: number, term: number, want: { index: number; term: number }][] = [
      [7, 5, { index: 7, term: 5 }],
      [7, 4, { index: 6, term: 4 }],
      [7, 3, { index: 4, term: 2 }], // no entry of term 3: the last of a lower term
      [6, 2, { index: 4, term: 2 }],
      [7, 1, { index: 2, term: 1 }],
      [7, 0, { index: 0, term: 0 }],
      [9, 5, { index: 9, term: 0 }], // past the end: unknown term
      [0, 3, { index: 0, term: 0 }],
    ];
    for (const [index, term, want] of cases) {
      it(`(${index}, ${term}) -> (${want.index}, ${want.term})`, () => {
        expect(logOf(terms).findConflictByTerm(index, term)).toEqual(want);
      });
    }

    it('stops at a compacted index with term 0', () => {
      const s = new MemoryStorage();
      s.append(run(1, 1, 1, 2, 2, 4));
      s.compact(3);
      expect(new RaftLog(s).findConflictByTerm(5, 1)).toEqual({ index: 2, term: 0 });
    });

    it('property: the answer is the largest index <= index whose term is <= term', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 15 }), fc.nat(18), fc.nat(7), (raw, index, term) => {
          const sorted = raw.slice().sort((a, b) => a - b); // terms never decrease along a log
          const got = logOf(sorted).findConflictByTerm(index, term);
          if (index > sorted.length) {
            expect(got).toEqual({ index, term: 0 });
            return;
          }
          let want = 0;
          for (let i = Math.min(index, sorted.length); i >= 1; i--) {
            if (sorted[i - 1]! <= term) {
              want = i;
              break;
            }
          }
          expect(got).toEqual({ index: want, term: want === 0 ? 0 : sorted[want - 1]! });
        }),
      );
    });
  });

  it('isUpToDate compares last terms, then lengths', () => {
    const log = logOf([1, 2, 2]);
    expect(log.isUpToDate(3, 2), 'same').toBe(true);
    expect(log.isUpToDate(4, 2), 'longer').toBe(true);
    expect(log.isUpToDate(2, 2), 'shorter').toBe(false);
    expect(log.isUpToDate(1, 3), 'newer term, shorter').toBe(true);
    expect(log.isUpToDate(9, 1), 'older term, longer').toBe(false);
  });

  it('maybeCommit only commits an index whose entry is of the given (current) term', () => {
    const log = logOf([1, 2, 3]);
    expect(log.maybeCommit(2, 3), 'index 2 is of term 2, not 3').toBe(false);
    expect(log.committed).toBe(0);
    expect(log.maybeCommit(3, 3)).toBe(true);
    expect(log.committed).toBe(3);
    expect(log.maybeCommit(2, 2), 'never backwards').toBe(false);
    expect(() => log.commitTo(4)).toThrow(/past the last index/);
  });

  it('appliedTo stays within [applied, committed]', () => {
    const log = logOf([1, 1, 1]);
    log.commitTo(2);
    log.appliedTo(2);
    expect(log.applied).toBe(2);
    expect(() => log.appliedTo(3)).toThrow();
    expect(() => log.appliedTo(1)).toThrow();
  });

  it('nextCommittedEntries hands out committed, unapplied entries within maxApplyBytes (at least one)', () => {
    const log = logOf([1, 1, 1, 1], 2);
    log.commitTo(3);
    expect(shape(log.nextCommittedEntries(Infinity))).toEqual(['1:1', '2:1', '3:1']);
    expect(shape(log.nextCommittedEntries(0)), 'with maxBytes 0').toEqual(['1:1']);
    log.appliedTo(1);
    expect(log.hasNextCommittedEntries()).toBe(true);
    expect(shape(log.nextCommittedEntries(Infinity))).toEqual(['2:1', '3:1']);
    log.appliedTo(3);
    expect(log.hasNextCommittedEntries()).toBe(false);
  });

  it('slice crosses from storage to unstable and respects maxBytes without leaving a gap', () => {
    const s = new MemoryStorage();
    s.append([e(1, 1, 'aaaa'), e(2, 1, 'bbbb')]); // 20 bytes each
    const log = new RaftLog(s);
    log.append([e(3, 1, 'cccc'), e(4, 1, 'dddd')]);
    expect(shape(log.slice(1, 5, Infinity))).toEqual(['1:1', '2:1', '3:1', '4:1']);
    expect(shape(log.slice(2, 5, 40)), '40 bytes from 2').toEqual(['2:1', '3:1']);
    expect(shape(log.slice(1, 5, 20)), '20 bytes from 1').toEqual(['1:1']);
    expect(() => log.slice(1, 6, Infinity)).toThrow(UnavailableError);
  });

  it('stableTo forgets unstable entries only if the persisted entry is still the same', () => {
    const log = logOf([1, 1, 2, 2], 2);
    log.stableTo(4, 1); // the term does not match: entries were replaced meanwhile
    expect(shape(log.unstableEntries())).toEqual(['3:2', '4:2']);
    log.stableTo(3, 2);
    expect(shape(log.unstableEntries())).toEqual(['4:2']);
  });

  it('restore(snapshot) makes the snapshot the start of the log and commits it', () => {
    const log = logOf([1, 1, 1]);
    log.restore({ metadata: { index: 10, term: 4, confState: { voters: [1], learners: [] } }, data: Buffer.alloc(0) });
    expect([log.firstIndex(), log.lastIndex(), log.lastTerm(), log.committed]).toEqual([11, 10, 4, 10]);
    log.append(run(11, 4));
    expect(log.lastIndex()).toBe(11);
  });
});

describe('Unstable', () => {
  it('truncateAndAppend: appends at the end, replaces the tail, or replaces everything', () => {
    const u = new Unstable(5);
    u.truncateAndAppend(run(5, 1, 1, 1));
    expect(shape(u.entries)).toEqual(['5:1', '6:1', '7:1']);
    u.truncateAndAppend(run(8, 2));
    expect(shape(u.entries), 'appended at the end').toEqual(['5:1', '6:1', '7:1', '8:2']);
    u.truncateAndAppend(run(6, 3));
    expect(shape(u.entries), 'tail from 6 replaced').toEqual(['5:1', '6:3']);
    u.truncateAndAppend(run(4, 4));
    expect([u.offset, ...shape(u.entries)], 'everything replaced, from 4').toEqual([4, '4:4']);
  });

  it('maybeTerm knows the pending snapshot index and the unstable entries only', () => {
    const u = new Unstable(1);
    u.restore({ metadata: { index: 5, term: 2, confState: { voters: [], learners: [] } }, data: Buffer.alloc(0) });
    expect([u.maybeFirstIndex(), u.maybeLastIndex(), u.maybeTerm(5), u.maybeTerm(4), u.maybeTerm(6)]).toEqual([6, 5, 2, null, null]);
    u.truncateAndAppend(run(6, 3));
    expect([u.maybeLastIndex(), u.maybeTerm(6)]).toEqual([6, 3]);
    u.stableSnapTo(4);
    expect(u.snapshot, 'stableSnapTo with another index keeps the snapshot').not.toBeNull();
    u.stableSnapTo(5);
    expect(u.snapshot).toBeNull();
  });
});
