// Property tests of the small pure pieces: Inflights against a plain array model, and the
// majority arithmetic of quorum.ts against brute-force definitions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Inflights } from '../../src/raft/inflights.js';
import { committedIndex, hasQuorum, voteResult } from '../../src/raft/quorum.js';
import { entrySizeBytes, limitSize } from '../../src/raft/types.js';

describe('Inflights', () => {
  type Op = { kind: 'add'; gap: number; size: number } | { kind: 'freeLE'; back: number } | { kind: 'freeFirstOne' } | { kind: 'reset' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), gap: fc.integer({ min: 1, max: 3 }), size: fc.nat(50) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('freeLE' as const), back: fc.integer({ min: -2, max: 10 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'freeFirstOne' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
  );

  it('property: count, full() and what is freed match an array model (with lazy compaction)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.nat(200), fc.array(op, { maxLength: 400 }), (maxCount, maxBytes, ops) => {
        const inf = new Inflights(maxCount, maxBytes);
        let model: { index: number; size: number }[] = [];
        let lastIndex = 0;
        const full = () => model.length >= maxCount || (maxBytes > 0 && model.reduce((a, m) => a + m.size, 0) >= maxBytes);
        for (const o of ops) {
          switch (o.kind) {
            case 'add':
              lastIndex += o.gap;
              if (full()) {
                expect(() => inf.add(lastIndex, o.size), 'add to a full window').toThrow();
              } else {
                inf.add(lastIndex, o.size);
                model.push({ index: lastIndex, size: o.size });
              }
              break;
            case 'freeLE': {
              const to = lastIndex - o.back;
              inf.freeLE(to);
              model = model.filter((m) => m.index > to);
              break;
            }
            case 'freeFirstOne':
              inf.freeFirstOne();
              model = model.slice(1);
              break;
            case 'reset':
              inf.reset();
              model = [];
              break;
          }
          expect(inf.count(), `count after ${o.kind}`).toBe(model.length);
          expect(inf.full(), `full() after ${o.kind}`).toBe(full());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a window with maxCount n takes exactly n appends (no byte limit)', () => {
    const inf = new Inflights(3, 0);
    for (let i = 1; i <= 3; i++) inf.add(i, 1000);
    expect(inf.full()).toBe(true);
    inf.freeLE(1);
    expect([inf.count(), inf.full()]).toEqual([2, false]);
  });
});

describe('quorum', () => {
  const votersAndMatches = fc
    .uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 9 })
    .chain((voters) => fc.tuple(fc.constant(voters), fc.array(fc.nat(30), { minLength: voters.length, maxLength: voters.length })));

  it('property: committedIndex is the largest index held by a majority of voters', () => {
    fc.assert(
      fc.property(votersAndMatches, ([voters, matches]) => {
        const match = new Map(voters.map((v, i) => [v, matches[i]!]));
        const q = Math.floor(voters.length / 2) + 1;
        let want = 0;
        for (let idx = 0; idx <= 30; idx++) {
          if (voters.filter((v) => match.get(v)! >= idx).length >= q) want = idx;
        }
        expect(committedIndex(voters, (id) => match.get(id)!)).toBe(want);
      }),
    );
  });

  it('committedIndex with no voters does not constrain commit', () => {
    expect(committedIndex([], () => 0)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('property: voteResult is won with a majority of grants, lost once a majority is out of reach, pending otherwise', () => {
    const arb = fc
      .uniqueArray(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 7 })
      .chain((voters) =>
        fc.tuple(fc.constant(voters), fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.boolean()), { maxLength: 12 })),
      );
    fc.assert(
      fc.property(arb, ([voters, cast]) => {
        const votes = new Map<number, boolean>();
        for (const [id, g] of cast) if (!votes.has(id)) votes.set(id, g);
        const q = Math.floor(voters.length / 2) + 1;
        const granted = voters.filter((v) => votes.get(v) === true).length;
        const undecided = voters.filter((v) => !votes.has(v)).length;
        const want = granted >= q ? 'won' : granted + undecided < q ? 'lost' : 'pending';
        expect(voteResult(voters, votes), `voters ${voters}, votes ${[...votes]}`).toBe(want);
      }),
    );
  });

  it('property: hasQuorum is true iff more than half of the voters are active', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 9 }), fc.func(fc.boolean()), (voters, active) => {
        const n = voters.filter((v) => active(v)).length;
        expect(hasQuorum(voters, active)).toBe(n * 2 > voters.length);
      }),
    );
  });
});

describe('limitSize', () => {
  it('property: the longest prefix within maxBytes, never empty when the input is not', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), { maxLength: 10 }), fc.nat(300), (sizes, maxBytes) => {
        const ents = sizes.map((n, i) => ({ term: 1, index: i + 1, type: 'ENTRY_NORMAL' as const, data: Buffer.alloc(n) }));
        const got = limitSize(ents, maxBytes);
        if (ents.length === 0) {
          expect(got).toEqual([]);
          return;
        }
        let want = 1;
        let total = entrySizeBytes(ents[0]!);
        while (want < ents.length && total + entrySizeBytes(ents[want]!) <= maxBytes) total += entrySizeBytes(ents[want++]!);
        expect(got.length).toBe(want);
        expect(got).toEqual(ents.slice(0, want));
      }),
    );
  });
});
