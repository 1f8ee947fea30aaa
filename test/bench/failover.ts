// Failover benchmark: how long a LocalCluster of real manager processes goes without a leader, and
// without accepting writes, when its leader crashes. Each round:
//   1. a steady writer (a separate process, test/bench/load-worker.ts in 'writer' mode: one
//      BatonClient with every manager's address, the leader's first, sequential puts with a short
//      client timeout) records the completion time of every successful put;
//   2. after --steady seconds the leader is killed with SIGKILL;
//   3. the survivors are polled with Cluster.ListManagers every --poll-ms until one names a new
//      leader: "new leader known" is the time from the kill to that answer;
//   4. once writes have resumed (plus --after seconds), the writer stops; "write unavailability" is
//      the longest gap between two successful writes around the kill (from --steady before it to
//      --after past the first write after it);
//   5. the killed manager is restarted from its data directory and the next round waits until all
//      --managers are voters again and a leader is known.
//
//   npm run bench:failover -- [--managers 3] [--rounds 10] [--election-timeout MS]
//                             [--writer-timeout-ms 1000] [--steady 1] [--after 1] [--poll-ms 10] [--json]
import { parseArgs } from 'node:util';

import * as grpc from '@grpc/grpc-js';

import { CHANNEL_OPTIONS, grpcProtos } from '../../src/api/grpc_util.js';
import type { ClusterClient } from '../../src/gen/baton/v1/Cluster';
import type { ListManagersResponse__Output } from '../../src/gen/baton/v1/ListManagersResponse';
import { LocalCluster } from '../../deploy/local/cluster.js';
import { DEFAULT_TIMING } from '../../src/manager/manager.js';
import {
  Worker,
  children,
  fmtMs,
  killChildrenSync,
  machineDescription,
  median,
  sleep,
  stopChild,
  table,
  waitQuiet,
  within,
} from './bench-util.js';

const { values: args } = parseArgs({
  options: {
    managers: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '10' },
    'election-timeout': { type: 'string' },
    'writer-timeout-ms': { type: 'string', default: '1000' },
    steady: { type: 'string', default: '1' },
    after: { type: 'string', default: '1' },
    'poll-ms': { type: 'string', default: '10' },
    'quiet-wait': { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
  },
});

function num(name: string, v: string | undefined, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`--${name} must be a number in [${min}, ${max}], got ${v}`);
    process.exit(2);
  }
  return n;
}

const MANAGERS = Math.floor(num('managers', args.managers, 3, 9));
const ROUNDS = Math.floor(num('rounds', args.rounds, 1, 1000));
const ELECTION_TIMEOUT = args['election-timeout'] === undefined ? null : Math.floor(num('election-timeout', args['election-timeout'], 10, 60_000));
const WRITER_TIMEOUT_MS = Math.floor(num('writer-timeout-ms', args['writer-timeout-ms'], 50, 60_000));
const STEADY_MS = num('steady', args.steady, 0.1, 60) * 1000;
const AFTER_MS = num('after', args.after, 0.1, 60) * 1000;
const POLL_MS = Math.floor(num('poll-ms', args['poll-ms'], 1, 1000));
const QUIET_WAIT_MS = num('quiet-wait', args['quiet-wait'], 0, 600) * 1000;
/** Bound on each wait of a round (a new leader, writes resuming, voters after the restart). */
const WAIT_MS = 60_000;

const say = (s: string) => process.stderr.write(`${s}\n`);

// ------------------------------------------------------------------ bounds and cleanup

let cluster: LocalCluster | null = null;
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...children].map((p) => stopChild(p)));
    await cluster?.close().catch(() => {});
  })();
  return cleaning;
}
const BUDGET_MS = 180_000 + ROUNDS * (STEADY_MS + AFTER_MS + QUIET_WAIT_MS + 4 * WAIT_MS);
const watchdog = setTimeout(() => {
  say(`bench:failover: still running after ${Math.round(BUDGET_MS / 1000)} s; stopping everything`);
  void cleanup().finally(() => process.exit(1));
}, BUDGET_MS);
watchdog.unref();
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    say(`bench:failover: ${sig}; stopping everything`);
    void cleanup().finally(() => process.exit(130));
  });
}
process.on('exit', killChildrenSync);

// ------------------------------------------------------------------ one round

interface Round {
  round: number;
  killedId: number;
  newLeaderId: number;
  /** Kill to the first answer naming another leader, ms. */
  newLeaderMs: number;
  /** Longest gap between successful writes around the kill, ms. */
  unavailableMs: number;
  /** Kill to the write that ended the longest gap (writes resumed), ms. */
  resumedMs: number;
  writesOk: number;
  /** Successful writes per second in the --steady seconds before the kill (the resolution of the gaps). */
  steadyWritesPerSec: number;
  writeErrors: number;
  errorSamples: string[];
  /** Restart of the killed manager until all managers are voters again, ms. */
  rejoinMs: number;
  /** Busy % of the machine in the second before the round (it may be shared). */
  busyBeforePct: number;
}

function listManagers(c: ClusterClient, timeoutMs: number): Promise<ListManagersResponse__Output | null> {
  return new Promise((resolve) => c.ListManagers({}, { deadline: Date.now() + timeoutMs }, (e, r) => resolve(e ? null : r!)));
}

/** Polls every survivor until one names a leader other than `killedId`; resolves with it and when. */
async function waitNewLeader(addresses: string[], killedId: number): Promise<{ id: number; at: number }> {
  const protos = grpcProtos();
  const clients = addresses.map((a) => new protos.baton.v1.Cluster(a, grpc.credentials.createInsecure(), CHANNEL_OPTIONS));
  let found: { id: number; at: number } | null = null;
  const end = Date.now() + WAIT_MS;
  try {
    await Promise.race([
      Promise.any(
        clients.map(async (c) => {
          while (!found && Date.now() < end) {
            const t = Date.now();
            const r = await listManagers(c, 3000);
            if (r && r.leader !== 0 && r.leader !== killedId) {
              found ??= { id: r.leader, at: Date.now() };
              return;
            }
            await sleep(Math.max(0, POLL_MS - (Date.now() - t)));
          }
          throw new Error('no new leader');
        }),
      ),
      sleep(WAIT_MS + 3000),
    ]);
  } catch {
    // reported below
  } finally {
    for (const c of clients) c.close();
  }
  if (!found) throw new Error(`no survivor named a new leader within ${WAIT_MS} ms`);
  return found;
}

async function round(i: number): Promise<Round> {
  const c = cluster!;
  await c.waitForVoters(MANAGERS, WAIT_MS);
  const quiet = await waitQuiet(QUIET_WAIT_MS);
  if (quiet.busyPct >= 15) say(`  (machine ${Math.round(quiet.busyPct)}% busy before round ${i})`);
  const leader = await c.leaderIndex();
  if (leader < 0) throw new Error('no leader before the kill');
  const killedId = c.managers[leader]!.id;
  const order = [leader, ...c.managers.map((_, k) => k).filter((k) => k !== leader)];

  const writer = new Worker(`writer-${i}`);
  try {
    await writer.setup({
      mode: 'writer',
      addresses: order.map((k) => c.managers[k]!.address),
      clients: 1,
      valueBytes: 64,
      keyPrefix: `failover/${Date.now().toString(36)}/r${i}`,
      timeoutMs: WRITER_TIMEOUT_MS,
    });
    writer.send({ type: 'go', measureFrom: 0, measureTo: 0 });
    await sleep(STEADY_MS);

    const tKill = Date.now();
    await c.kill(leader, 'SIGKILL');
    const survivors = c.managers.filter((_, k) => k !== leader).map((m) => m.address);
    const nl = await waitNewLeader(survivors, killedId);

    // Until writes resumed after the kill, then --after more.
    const end = Date.now() + WAIT_MS;
    for (;;) {
      writer.send({ type: 'poll' });
      const p = await writer.next<{ type: 'progress'; lastOkAt: number }>(5000, 'progress');
      if (p.lastOkAt > tKill) break;
      if (Date.now() > end) throw new Error(`no write succeeded within ${WAIT_MS} ms of the kill`);
      await sleep(20);
    }
    await sleep(AFTER_MS);
    writer.send({ type: 'stop' });
    const w = await writer.next<{ type: 'writes'; okAt: Float64Array; errors: number; errorSamples: string[] }>(WRITER_TIMEOUT_MS + 10_000, 'writes');

    const ok = w.okAt;
    const firstAfterIdx = ok.findIndex((t) => t > tKill);
    const firstAfter = ok[firstAfterIdx]!;
    // The longest gap from --steady before the kill to --after past the first write after it.
    // (A write in flight at the kill may still complete just after it: the gap can end later.)
    let maxGap = 0;
    let gapEnd = firstAfter;
    for (let k = 1; k < ok.length; k++) {
      if (ok[k]! < tKill - STEADY_MS || ok[k - 1]! > firstAfter + AFTER_MS) continue;
      if (ok[k]! - ok[k - 1]! > maxGap) {
        maxGap = ok[k]! - ok[k - 1]!;
        gapEnd = ok[k]!;
      }
    }
    // No write at all before the kill (not expected after --steady): count from the kill.
    if (firstAfterIdx === 0 && firstAfter - tKill > maxGap) {
      maxGap = firstAfter - tKill;
      gapEnd = firstAfter;
    }

    const tRestart = Date.now();
    await within(c.restart(leader), WAIT_MS, 'restart');
    await c.waitForVoters(MANAGERS, WAIT_MS);
    return {
      round: i,
      killedId,
      newLeaderId: nl.id,
      newLeaderMs: nl.at - tKill,
      unavailableMs: maxGap,
      resumedMs: gapEnd - tKill,
      writesOk: ok.length,
      steadyWritesPerSec: ok.filter((t) => t > tKill - STEADY_MS / 2 && t <= tKill).length / (STEADY_MS / 2000),
      writeErrors: w.errors,
      errorSamples: w.errorSamples,
      rejoinMs: Date.now() - tRestart,
      busyBeforePct: quiet.busyPct,
    };
  } finally {
    await writer.stop();
  }
}

// ------------------------------------------------------------------ main

const machine = machineDescription();
const flags = ELECTION_TIMEOUT === null ? [] : ['--election-timeout', String(ELECTION_TIMEOUT)];
const tickMs = DEFAULT_TIMING.tickMs;
const electionMs = ELECTION_TIMEOUT ?? DEFAULT_TIMING.electionTicks * tickMs;
const timing = {
  tickMs,
  electionTimeoutMs: Math.max(2, Math.round(electionMs / tickMs)) * tickMs,
  heartbeatMs: DEFAULT_TIMING.heartbeatTicks * tickMs,
};
const rounds: Round[] = [];
try {
  say(`starting ${MANAGERS} managers${flags.length ? ` (${flags.join(' ')})` : ''} ...`);
  cluster = await within(LocalCluster.start({ managers: MANAGERS, flags, logLevel: 'warn' }), 120_000, 'LocalCluster.start');
  for (let i = 1; i <= ROUNDS; i++) {
    const r = await round(i);
    rounds.push(r);
    say(
      `round ${i}: killed ${r.killedId}, new leader ${r.newLeaderId} known after ${fmtMs(r.newLeaderMs, 0)} ms, ` +
        `writes unavailable ${fmtMs(r.unavailableMs, 0)} ms (resumed ${fmtMs(r.resumedMs, 0)} ms after the kill), ` +
        `${r.writeErrors} failed writes; back to ${MANAGERS} voters in ${fmtMs(r.rejoinMs, 0)} ms`,
    );
  }
} catch (e) {
  say(`bench:failover failed: ${(e as Error).stack ?? e}`);
  await cleanup();
  process.exit(1);
}
await cleanup();
clearTimeout(watchdog);

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: median(s), max: s[s.length - 1]! };
};
const summary = {
  newLeaderMs: stats(rounds.map((r) => r.newLeaderMs)),
  unavailableMs: stats(rounds.map((r) => r.unavailableMs)),
  resumedMs: stats(rounds.map((r) => r.resumedMs)),
};
const config = { managers: MANAGERS, rounds: ROUNDS, electionTimeoutFlag: ELECTION_TIMEOUT, timing, writerTimeoutMs: WRITER_TIMEOUT_MS, pollMs: POLL_MS };

if (args.json) {
  console.log(JSON.stringify({ date: new Date().toISOString(), machine, config, summary, rounds }, null, 2));
} else {
  const out: string[] = [];
  out.push(`machine: ${machine.cores} cores, ${machine.cpu}, Node ${machine.node}`);
  out.push(
    `${MANAGERS} managers, tick ${timing.tickMs} ms, heartbeat ${timing.heartbeatMs} ms, election timeout ${timing.electionTimeoutMs} ms ` +
      `(elections after ${timing.electionTimeoutMs}-${2 * timing.electionTimeoutMs} ms)${ELECTION_TIMEOUT === null ? ' (default)' : ` (--election-timeout ${ELECTION_TIMEOUT})`}; ` +
      `writer: sequential puts, client timeout ${WRITER_TIMEOUT_MS} ms; survivors polled every ${POLL_MS} ms`,
    '',
    table(
      ['round', 'killed', 'new leader', 'new leader known ms', 'writes unavailable ms', 'writes resumed ms after kill', 'failed writes', 'writes/s before', 'rejoin ms', 'machine busy before'],
      rounds.map((r) => [
        String(r.round),
        String(r.killedId),
        String(r.newLeaderId),
        fmtMs(r.newLeaderMs, 0),
        fmtMs(r.unavailableMs, 0),
        fmtMs(r.resumedMs, 0),
        String(r.writeErrors),
        String(Math.round(r.steadyWritesPerSec)),
        fmtMs(r.rejoinMs, 0),
        `${Math.round(r.busyBeforePct)}%`,
      ]),
    ),
    '',
    table(
      ['', 'min ms', 'median ms', 'max ms'],
      [
        ['new leader known', fmtMs(summary.newLeaderMs.min, 0), fmtMs(summary.newLeaderMs.median, 0), fmtMs(summary.newLeaderMs.max, 0)],
        ['writes unavailable', fmtMs(summary.unavailableMs.min, 0), fmtMs(summary.unavailableMs.median, 0), fmtMs(summary.unavailableMs.max, 0)],
        ['writes resumed after the kill', fmtMs(summary.resumedMs.min, 0), fmtMs(summary.resumedMs.median, 0), fmtMs(summary.resumedMs.max, 0)],
      ],
    ),
  );
  const samples = rounds.flatMap((r) => r.errorSamples.map((e) => `round ${r.round}: ${e}`)).slice(0, 6);
  if (samples.length) out.push('', 'sample write errors:', ...samples);
  console.log(out.join('\n'));
}
process.exit(0);
