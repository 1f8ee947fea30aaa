// 250 seeds of a 3-node cluster under every fault kind (see cluster.ts). A failure names the seed,
// the invariant and the events that led there; replay it with `npm run sim -- --seed S --trace`.
import { describe, expect, it } from 'vitest';
import { runSeed } from './cluster.js';
import { explain } from './explain.js';

describe('simulation, 3 nodes', () => {
  it('keeps every safety invariant and converges after faults, seeds 1..250', () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 250 && failures.length < 3; seed++) {
      const r = runSeed({ seed, nodes: 3, steps: 1500 });
      if (!r.ok) failures.push(explain(r, 1500));
    }
    expect(failures, 'expected no violation in any seed').toEqual([]);
  });
});
