// The seeded generator injected into the core for election timeouts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { seededRand } from '../../src/raft/index.js';

describe('seededRand', () => {
  it('the same seed always yields the same sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const a = seededRand(seed);
        const b = seededRand(seed);
        for (let i = 0; i < 20; i++) expect(a.int(1000)).toBe(b.int(1000));
      }),
    );
  });

  it('int(n) is an integer in [0, n), and 0 for n <= 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: -3, max: 1_000_000 }), (seed, n) => {
        const v = seededRand(seed).int(n);
        expect(Number.isInteger(v), 'an integer').toBe(true);
        if (n <= 1) expect(v).toBe(0);
        else expect(v >= 0 && v < n, `${v} in [0, ${n})`).toBe(true);
      }),
    );
  });

  // Regression: this failed against the first version of the core.
  it('structured seeds (k * 1000 + 1) give unrelated first draws', () => {
    const firsts = new Set<number>();
    for (let k = 1; k <= 30; k++) firsts.add(seededRand(k * 1000 + 1).int(10));
    expect(firsts.size, 'distinct first draws of int(10) over 30 seeds k*1000+1').toBeGreaterThan(5);
  });
});
