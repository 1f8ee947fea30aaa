import { syntheticHistory } from './synthetic.js';
import { checkHistory } from '../../deploy/chaos/linearizability.js';
const scenarios: [string, Parameters<typeof syntheticHistory>[0]][] = [
  ['5000 ops, 8 keys, 16 clients, 5% unknown', { ops: 5000, keys: 8, clients: 16, unknownRate: 0.05 }],
  ['5000 ops, 8 keys, 16 clients, 5% unknown, versions', { ops: 5000, keys: 8, clients: 16, unknownRate: 0.05, versions: true }],
  ['5000 ops, 8 keys, 16 clients, 20% unknown, versions', { ops: 5000, keys: 8, clients: 16, unknownRate: 0.2, versions: true }],
  ['5000 ops, 5 keys, 8 clients, 10% unknown, versions (runner-like)', { ops: 5000, keys: 5, clients: 8, unknownRate: 0.1, versions: true, mix: { read: 4, write: 3, cas: 3 } }],
  ['5000 ops, 1 key, 16 clients, 10% unknown', { ops: 5000, keys: 1, clients: 16, unknownRate: 0.1 }],
  ['5000 ops, 1 key, 16 clients, 10% unknown, versions', { ops: 5000, keys: 1, clients: 16, unknownRate: 0.1, versions: true }],
  ['20000 ops, 10 keys, 16 clients, 5% unknown, versions', { ops: 20000, keys: 10, clients: 16, unknownRate: 0.05, versions: true }],
];
for (const [name, o] of scenarios) {
  for (const seed of [1, 2, 3]) {
    const ops = syntheticHistory({ ...o, seed });
    const t = performance.now();
    const r = checkHistory(ops, { timeoutMs: 30000 });
    const el = performance.now() - t;
    const reads = ops.filter((x) => x.kind === 'read' && x.outcome === 'ok');
    const res: string[] = [];
    for (const frac of [0.5, 0.9]) {
      const rd = reads[Math.floor(reads.length * frac)]!;
      const prev = reads.slice(0, reads.indexOf(rd)).reverse().find((x) => x.key === rd.key && x.output !== rd.output && x.completeMs! < rd.invokeMs - 100);
      const mut = ops.map((x) => (x === rd ? { ...x, output: (prev as any)?.output ?? 'ghost', ...((prev as any)?.version !== undefined ? { version: (prev as any).version } : {}) } : x));
      const t2 = performance.now();
      const r2 = checkHistory(mut as any, { timeoutMs: 30000 });
      res.push(`stale@${frac}: ${r2.verdict} ${(performance.now() - t2).toFixed(0)}ms`);
    }
    console.log(`${name} seed ${seed}: ${r.verdict} ${el.toFixed(0)} ms, states ${r.keys.reduce((a, k) => a + k.exploredStates, 0)} | ${res.join(' | ')}`);
  }
}
