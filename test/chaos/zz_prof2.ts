import { syntheticHistory } from './synthetic.js';
import { checkHistory } from '../../deploy/chaos/linearizability.js';
(globalThis as any).PROF = { gw: 0, w: 0, d: 0, cas: 0, req: 0, depthU: 0 };
const ops = syntheticHistory({ ops: 5000, keys: 1, clients: 16, unknownRate: 0.3, seed: 3 });
const reads = ops.filter((x) => x.kind === 'read' && x.outcome === 'ok');
const rd = reads[Math.floor(reads.length * 0.5)]!;
const mut = ops.map((x) => (x === rd ? { ...x, output: 'ghost' } : x));
const r = checkHistory(mut as any, { timeoutMs: 10000 });
console.log(r.verdict, r.keys[0]!.exploredStates, (globalThis as any).PROF, r.keys[0]!.optionalOps);
