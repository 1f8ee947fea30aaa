// Randomness is injected into the core; this is the seeded generator used by default, so the
// same seed always yields the same election timeouts (and the same simulation).
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Rand {
  /** A uniformly distributed integer in [0, n). */
  int(n: number): number;
}

/** Scrambles a seed (a 32-bit finalizer, as in MurmurHash3) so nearby seeds start unrelated streams. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

export function seededRand(seed: number): Rand {
  const gen = xoroshiro128plus(mix32(seed));
  return {
    int(n: number): number {
      if (n <= 1) return 0;
      return uniformInt(gen, 0, n - 1);
    },
  };
}
