// npm run sim -- --seeds N [--from S] [--nodes 3|5] [--steps K] [--bug NAME]
// npm run sim -- --seed S [--nodes 3|5] --trace
import { parseArgs } from 'node:util';
import { HOSTILE, runSeed, type SimResult } from './cluster.js';
import { BUGS, type BugName } from './bugs.js';
import { explain } from './explain.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string' },
    from: { type: 'string', default: '1' },
    seed: { type: 'string' },
    nodes: { type: 'string' },
    steps: { type: 'string', default: '1500' },
    bug: { type: 'string' },
    trace: { type: 'boolean', default: false },
    hostile: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

function fail(msg: string): never {
  console.error(`sim: ${msg}`);
  process.exit(2);
}

function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer >= ${min}, got "${v}"`);
  return n;
}

if (values.help) {
  console.log('usage: npm run sim -- --seeds N [--from S] [--nodes 3|5] [--steps K] [--bug NAME] [--hostile]\n       npm run sim -- --seed S [--nodes 3|5] [--steps K] --trace');
  console.log(`bugs: ${Object.keys(BUGS).join(', ')}`);
  process.exit(0);
}
const nodesOpt = int('nodes', values.nodes, 3);
if (nodesOpt !== undefined && nodesOpt !== 3 && nodesOpt !== 5) fail('--nodes must be 3 or 5');
const steps = int('steps', values.steps, 1)!;
if (values.bug !== undefined && !(values.bug in BUGS)) fail(`--bug must be one of ${Object.keys(BUGS).join(', ')}`);
const bugs = values.bug ? BUGS[values.bug as BugName] : undefined;
const profile = values.hostile ? HOSTILE : undefined;
const flags = `${values.bug ? ` --bug ${values.bug}` : ''}${values.hostile ? ' --hostile' : ''}`;
/** Without --nodes, odd seeds run 3 nodes and even seeds 5. */
const nodesFor = (seed: number): 3 | 5 => (nodesOpt as 3 | 5 | undefined) ?? (seed % 2 === 1 ? 3 : 5);

function report(r: SimResult): void {
  console.error(`\nFAIL ${explain(r, steps, flags)}`);
}

if (values.seed !== undefined) {
  const seed = int('seed', values.seed, 0)!;
  const r = runSeed({ seed, nodes: nodesFor(seed), steps, bugs, profile, trace: values.trace ? (l) => console.log(l) : undefined });
  console.log(JSON.stringify(r.stats));
  if (!r.ok) {
    report(r);
    process.exit(1);
  }
  console.log(`seed ${seed}: ok`);
  process.exit(0);
}

const count = int('seeds', values.seeds ?? '100', 1)!;
const from = int('from', values.from, 0)!;
const started = Date.now();
let failed = 0;
const totals: Record<string, number> = {};
for (let seed = from; seed < from + count; seed++) {
  const r = runSeed({ seed, nodes: nodesFor(seed), steps, bugs, profile });
  for (const [k, v] of Object.entries(r.stats)) totals[k] = (totals[k] ?? 0) + v;
  if (!r.ok) {
    failed++;
    report(r);
    if (failed >= 3) break;
  }
}
const secs = (Date.now() - started) / 1000;
console.log(`${count} seeds from ${from}, ${steps} ticks each: ${failed === 0 ? 'all passed' : `${failed} FAILED`} in ${secs.toFixed(1)} s`);
console.log(`totals: ${Object.entries(totals).map(([k, v]) => `${k}=${v}`).join(' ')}`);
process.exit(failed === 0 ? 0 : 1);
