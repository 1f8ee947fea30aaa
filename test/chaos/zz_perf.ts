import { syntheticHistory } from './synthetic.js';
import { checkHistory } from '../../deploy/chaos/linearizability.js';
const scenarios: [string, Parameters<typeof syntheticHistory>[0]][] = [
  ['5000 ops, 8 keys, 16 clients', { ops: 5000, keys: 8, clients: 16 }],
  ['5000 ops, 8 keys, 16 clients, 10% unknown', { ops: 5000, keys: 8, clients: 16, unknownRate: 0.1 }],
  ['5000 ops, 1 key, 16 clients', { ops: 5000, keys: 1, clients: 16 }],
  ['5000 ops, 1 key, 16 clients, 10% unknown', { ops: 5000, keys: 1, clients: 16, unknownRate: 0.1 }],
  ['20000 ops, 10 keys, 16 clients, 5% unknown', { ops: 20000, keys: 10, clients: 16, unknownRate: 0.05 }],
  ['5000 ops, 1 key, 16 clients, 30% unknown', { ops: 5000, keys: 1, clients: 16, unknownRate: 0.3 }],
  ['5000 ops, 8 keys, 16 clients, reads only+writes', { ops: 5000, keys: 8, clients: 16, mix: { read: 1, write: 1, cas: 0 } }],
];
for (const [name, o] of scenarios) {
  for (const seed of [1, 2, 3]) {
    const ops = syntheticHistory({ ...o, seed });
    const t = performance.now();
    const r = checkHistory(ops, { timeoutMs: 60000 });
    const el = performance.now() - t;
    const states = r.keys.reduce((a, k) => a + k.exploredStates, 0);
    console.log(`${name} seed ${seed}: ${r.verdict} ${el.toFixed(0)} ms, states ${states}, maxKey ${Math.max(...r.keys.map(k=>k.elapsedMs)).toFixed(0)} ms`);
    // violation: corrupt a read
    const reads = ops.filter((x) => x.kind === 'read' && x.outcome === 'ok');
    const rd = reads[Math.floor(reads.length / 2)]!;
    const mut = ops.map((x) => (x === rd ? { ...x, output: 'ghost' } : x));
    const t2 = performance.now();
    const r2 = checkHistory(mut as any, { timeoutMs: 60000 });
    console.log(`   corrupted: ${r2.verdict} ${(performance.now() - t2).toFixed(0)} ms states ${r2.keys.reduce((a, k) => a + k.exploredStates, 0)}`);
  }
}
