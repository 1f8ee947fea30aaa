// The checker must be able to fail: each deliberately broken variant of the core (bugs.ts) has to
// be caught by a safety invariant within a bounded number of seeds. Runs are deterministic, so the
// first catching seed is always the same; the bound leaves room for changes to the simulator.
import { describe, expect, it } from 'vitest';
import { BUGS, type BugName } from './bugs.js';
import { type FaultProfile, HOSTILE, runSeed } from './cluster.js';

const SAFETY = ['election safety', 'log matching', 'leader completeness', 'state machine safety', 'durability', 'linearizable read'];

const HUNTS: Record<BugName, { maxSeeds: number; nodes?: 3 | 5; profile?: Partial<FaultProfile> }> = {
  // Figure 8 needs a rare interleaving: hostile faults and one entry per append make it show up.
  'commit-previous-term': { maxSeeds: 600, nodes: 3, profile: HOSTILE },
  'vote-without-log-check': { maxSeeds: 50 },
  'vote-before-persist': { maxSeeds: 400 },
};

describe('the simulator catches broken variants of the core', () => {
  for (const name of Object.keys(BUGS) as BugName[]) {
    const hunt = HUNTS[name];
    it(`catches ${name} within ${hunt.maxSeeds} seeds`, () => {
      let caught: { seed: number; invariant: string } | null = null;
      for (let seed = 1; seed <= hunt.maxSeeds && !caught; seed++) {
        const nodes = hunt.nodes ?? (seed % 2 === 1 ? 3 : 5);
        const r = runSeed({ seed, nodes, steps: 1500, bugs: BUGS[name], profile: hunt.profile });
        if (!r.ok) caught = { seed, invariant: r.violation!.invariant };
      }
      expect(caught, `expected a safety violation with ${name} within ${hunt.maxSeeds} seeds`).not.toBeNull();
      expect(SAFETY, `expected ${name} to break a safety invariant, got "${caught!.invariant}"`).toContain(caught!.invariant);
    });
  }

  // Only a leader may send before its write is durable (Raft thesis 10.2.1): a follower that
  // acknowledges entries it may still lose lets an entry commit on fewer durable copies than a majority.
  it('catches members that acknowledge before their write is durable within 100 seeds', () => {
    let caught: { seed: number; invariant: string } | null = null;
    for (let seed = 1; seed <= 100 && !caught; seed++) {
      const r = runSeed({ seed, nodes: seed % 2 === 1 ? 3 : 5, steps: 1500, everyoneSendsBeforePersist: true });
      if (!r.ok) caught = { seed, invariant: r.violation!.invariant };
    }
    expect(caught, 'expected a safety violation within 100 seeds').not.toBeNull();
    expect(SAFETY, `expected a safety invariant broken, got "${caught!.invariant}"`).toContain(caught!.invariant);
  });
});
