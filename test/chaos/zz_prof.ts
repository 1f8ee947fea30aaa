import { syntheticHistory } from './synthetic.js';
import { checkHistory } from '../../deploy/chaos/linearizability.js';
const ops = syntheticHistory({ ops: 5000, keys: 1, clients: 16, unknownRate: 0.3, seed: 3 });
const reads = ops.filter((x) => x.kind === 'read' && x.outcome === 'ok');
for (const frac of [0.1, 0.3, 0.5, 0.7, 0.9]) {
  const rd = reads[Math.floor(reads.length * frac)]!;
  for (const mode of ['ghost', 'stale']) {
    let out: string | null = 'ghost';
    if (mode === 'stale') {
      // the value read by the previous read that saw something different
      const prev = reads.slice(0, reads.indexOf(rd)).reverse().find((r) => r.output !== rd.output && r.completeMs! < rd.invokeMs - 200);
      out = (prev as any)?.output ?? null;
    }
    const mut = ops.map((x) => (x === rd ? { ...x, output: out } : x));
    const t = performance.now();
    const r = checkHistory(mut as any, { timeoutMs: 20000 });
    console.log(frac, mode, r.verdict, (performance.now() - t).toFixed(0), 'ms', r.keys[0]!.exploredStates);
  }
}
