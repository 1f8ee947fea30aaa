import type { SimResult } from './cluster.js';

/** A failed run as text: seed, invariant, the last events, and how to replay it. */
export function explain(r: SimResult, steps: number, extra = ''): string {
  const v = r.violation!;
  return [
    `seed ${r.seed} (${r.nodes} nodes): ${v.invariant} at tick ${v.tick}: ${v.detail}`,
    ...r.lastEvents.slice(-40).map((l) => `  ${l}`),
    `replay: npm run sim -- --seed ${r.seed} --nodes ${r.nodes} --steps ${steps}${extra} --trace`,
  ].join('\n');
}
