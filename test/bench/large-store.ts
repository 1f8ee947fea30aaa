// Large key/value store benchmark: how a 3-manager cluster behaves as its store grows to a million
// keys and more. One streaming session keeps --in-flight puts of distinct keys going; every --step
// keys the bench prints the throughput and latency of that step. At the end it reads each
// manager's log: the snapshots it took (keys, wall time), the times its event loop was blocked
// for 100 ms or more, and its garbage-collection pauses of 50 ms or more (see
// src/manager/stall_watch.ts), with its resident memory; a stall is counted as during a snapshot
// when it was logged while that manager (or another) was making one.
//
//   npm run bench:large-store -- [--keys 1000000] [--step 100000] [--in-flight 256] [--value-bytes 256] [--json]
//                                [--keep-logs DIR]   (copies the managers' logs there before the cluster is removed)
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalCluster } from '../../deploy/local/cluster.js';
import { fmtInt, fmtMs, machineDescription, percentile, table } from './bench-util.js';

const { values: args } = parseArgs({
  options: {
    keys: { type: 'string', default: '1000000' },
    step: { type: 'string', default: '100000' },
    'in-flight': { type: 'string', default: '256' },
    'value-bytes': { type: 'string', default: '256' },
    json: { type: 'boolean', default: false },
    'keep-logs': { type: 'string' },
  },
});
const KEYS = Number(args.keys);
const STEP = Number(args.step);
const IN_FLIGHT = Number(args['in-flight']);
const VALUE_BYTES = Number(args['value-bytes']);
if (!(Number.isInteger(KEYS) && KEYS >= 1000 && KEYS <= 20_000_000)) (console.error('--keys: 1000..20000000'), process.exit(2));
if (!(Number.isInteger(STEP) && STEP >= 100 && STEP <= KEYS)) (console.error('--step: 100..keys'), process.exit(2));
if (!(Number.isInteger(IN_FLIGHT) && IN_FLIGHT >= 1 && IN_FLIGHT <= 4096)) (console.error('--in-flight: 1..4096'), process.exit(2));
if (!(Number.isInteger(VALUE_BYTES) && VALUE_BYTES >= 1 && VALUE_BYTES <= 65536)) (console.error('--value-bytes: 1..65536'), process.exit(2));

const say = (s: string) => (args.json ? process.stderr : process.stdout).write(`${s}\n`);

interface Step {
  keys: number;
  putsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface ManagerReport {
  name: string;
  /** Each snapshot: keys, and its wall time, ending at `at` (ms since the epoch, from the log). */
  snapshots: { keys: number; totalMs: number; at: number }[];
  stalls: { ms: number; at: number }[];
  gcPausesMs: number[];
  rssMb: number | null;
}

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

function readLog(name: string, file: string, pid: number | undefined): ManagerReport {
  const r: ManagerReport = { name, snapshots: [], stalls: [], gcPausesMs: [], rssMb: pid ? rssMb(pid) : null };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof o['stalledMs'] === 'number') r.stalls.push({ ms: o['stalledMs'], at: Number(o['time']) });
    else if (typeof o['gcMs'] === 'number') r.gcPausesMs.push(o['gcMs']);
    else if (o['msg'] === 'snapshot taken, log compacted') r.snapshots.push({ keys: Number(o['keys']), totalMs: Number(o['totalMs']), at: Number(o['time']) });
  }
  return r;
}

const cluster = await LocalCluster.start({ managers: 3 });
const stop = async () => void (await cluster.close());
process.once('SIGINT', () => void stop().then(() => process.exit(130)));
const client = cluster.client(30_000);
try {
  const session = client.session();
  const value = Buffer.alloc(VALUE_BYTES, 0x61);
  const steps: Step[] = [];
  let next = 0;
  let stepStart = performance.now();
  let lat: number[] = [];
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= KEYS) return;
      const t = performance.now();
      await session.put(`large/${i.toString(36).padStart(5, '0')}`, value);
      lat.push(performance.now() - t);
      if (lat.length === STEP) {
        const now = performance.now();
        const sorted = Float64Array.from(lat).sort();
        const s = { keys: steps.length * STEP + STEP, putsPerSec: (STEP * 1000) / (now - stepStart), p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted[sorted.length - 1]! };
        steps.push(s);
        say(`  ${fmtInt(s.keys)} keys: ${fmtInt(s.putsPerSec)} puts/s, p50 ${fmtMs(s.p50Ms)} ms, p99 ${fmtMs(s.p99Ms)} ms, max ${fmtMs(s.maxMs, 0)} ms`);
        lat = [];
        stepStart = now;
      }
    }
  };
  say(`3 managers (data in ${cluster.dir}); ${fmtInt(KEYS)} distinct keys, ${VALUE_BYTES} B values, ${IN_FLIGHT} puts in flight on one session`);
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  session.close();
  const managers = cluster.managers.map((m, i) => readLog(`m${i}`, m.logFile, m.proc?.pid));
  if (args['keep-logs']) {
    mkdirSync(args['keep-logs'], { recursive: true });
    for (const m of cluster.managers) copyFileSync(m.logFile, path.join(args['keep-logs'], path.basename(m.logFile)));
  }
  const machine = machineDescription();
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ machine, keys: KEYS, step: STEP, inFlight: IN_FLIGHT, valueBytes: VALUE_BYTES, steps, managers }, null, 2)}\n`);
  } else {
    say(`\nmachine: ${machine.cores} cores, ${machine.cpu}, Node ${machine.node}`);
    say(table(['keys', 'puts/s', 'p50 ms', 'p99 ms', 'max ms'], steps.map((s) => [fmtInt(s.keys), fmtInt(s.putsPerSec), fmtMs(s.p50Ms), fmtMs(s.p99Ms), fmtMs(s.maxMs, 0)])));
    say('');
    const maxOf = (xs: number[]) => (xs.length ? fmtInt(Math.max(...xs)) : '-');
    say(
      table(
        ['manager', 'snapshots', 'largest: keys, ms', 'event-loop stalls >= 100 ms', 'of which during a snapshot: its own, another\'s', 'longest stall ms', 'GC pauses >= 50 ms', 'longest GC ms', 'RSS MB'],
        managers.map((m) => {
          const big = m.snapshots.reduce((a, b) => (b.keys > a.keys ? b : a), { keys: 0, totalMs: 0, at: 0 });
          const during = (list: ManagerReport[]) => m.stalls.filter((st) => list.some((o) => o.snapshots.some((sn) => st.at >= sn.at - sn.totalMs && st.at <= sn.at))).length;
          const own = during([m]);
          const other = during(managers.filter((o) => o !== m));
          const stallsMs = m.stalls.map((st) => st.ms);
          return [m.name, String(m.snapshots.length), m.snapshots.length ? `${fmtInt(big.keys)}, ${fmtInt(big.totalMs)}` : '-', String(m.stalls.length), `${own}, ${other}`, maxOf(stallsMs), String(m.gcPausesMs.length), maxOf(m.gcPausesMs), m.rssMb === null ? '-' : fmtInt(m.rssMb)];
        }),
      ),
    );
  }
} finally {
  client.close();
  await stop();
}
