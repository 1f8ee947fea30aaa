// The simulator's one source of randomness: every choice in a run comes from here, so a seed
// replays the run exactly.
import { type Rand, seededRand } from '../../src/raft/rng.js';

export class SimRng {
  private readonly r: Rand;

  constructor(seed: number) {
    this.r = seededRand(seed);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return this.r.int(n);
  }

  /** True with probability p (resolution 1e-6). */
  chance(p: number): boolean {
    if (p <= 0) return false;
    return this.r.int(1_000_000) < p * 1_000_000;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.r.int(items.length)]!;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.r.int(i + 1);
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }

  /** A seed for a component (a node's election timer) drawn from this generator. */
  childSeed(): number {
    return this.r.int(0x7fffffff);
  }
}
