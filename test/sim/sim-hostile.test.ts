// 150 seeds under the HOSTILE fault profile (faults at their most frequent, one entry per append),
// alternating 3 and 5 nodes.
import { describe, expect, it } from 'vitest';
import { HOSTILE, runSeed } from './cluster.js';
import { explain } from './explain.js';

describe('simulation, hostile faults', () => {
  it('keeps every safety invariant and converges after faults, seeds 10001..10150', () => {
    const failures: string[] = [];
    for (let seed = 10001; seed <= 10150 && failures.length < 3; seed++) {
      const r = runSeed({ seed, nodes: seed % 2 === 1 ? 3 : 5, steps: 1500, profile: HOSTILE });
      if (!r.ok) failures.push(explain(r, 1500, ' --hostile'));
    }
    expect(failures, 'expected no violation in any seed').toEqual([]);
  });
});
