// Benchmark of the Raft core alone: a 3-node cluster in one process, no disk and no network.
// Storage is MemoryStorage; messages move between the nodes in memory (no encoding). A driver
// keeps up to --inflight proposals of --value-bytes bytes outstanding on the leader, proposing at
// most --batch of them per loop iteration. Each iteration then handles one Ready per node
// (persist to MemoryStorage, send, apply, advance) and delivers the messages sent.
//
// "Committed" means applied on the leader. The figure is the ceiling of the core: the real system
// adds fsync, the network and the application on top of exactly this work.
//
//   npm run bench:raft-core -- [--seconds 5] [--value-bytes 256] [--batch 64] [--inflight 1024] [--json]
import { parseArgs } from 'node:util';

import {
  type Message,
  MemoryStorage,
  RaftNode,
  type Ready,
  bootstrapStorage,
  seededRand,
} from '../../src/raft/index.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    'value-bytes': { type: 'string', default: '256' },
    batch: { type: 'string', default: '64' },
    inflight: { type: 'string', default: '1024' },
    'compact-every': { type: 'string', default: '4096' },
    'tick-ms': { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});

function positive(name: string, v: string | undefined, max: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    console.error(`--${name} must be a number in (0, ${max}], got ${v}`);
    process.exit(2);
  }
  return n;
}

const SECONDS = positive('seconds', args.seconds, 600);
const VALUE_BYTES = Math.floor(positive('value-bytes', args['value-bytes'], 16 * 1024 * 1024));
const BATCH = Math.floor(positive('batch', args.batch, 1_000_000));
const INFLIGHT = Math.floor(positive('inflight', args.inflight, 10_000_000));
const COMPACT_EVERY = Math.floor(positive('compact-every', args['compact-every'], 1e9));
const TICK_MS = positive('tick-ms', args['tick-ms'], 10_000);
const IDS = [1, 2, 3];

interface Member {
  node: RaftNode;
  storage: MemoryStorage;
  applied: number;
  appliedValues: number;
  readies: number;
}

const members = new Map<number, Member>();
for (const id of IDS) {
  const storage = new MemoryStorage();
  bootstrapStorage(storage, IDS);
  const node = new RaftNode({ id, storage, electionTicks: 10, heartbeatTicks: 1, rand: seededRand(1000 + id) });
  members.set(id, { node, storage, applied: 1, appliedValues: 0, readies: 0 });
}

let inbox: Message[] = [];
let messages = 0;

/** One Ready of one member: persist, send, apply, advance. Returns whether there was one. */
function handleReady(m: Member): boolean {
  if (!m.node.hasReady()) return false;
  const rd: Ready = m.node.ready();
  m.readies++;
  if (rd.snapshot) m.storage.applySnapshot(rd.snapshot);
  if (rd.entries.length > 0) m.storage.append(rd.entries);
  if (rd.hardState) m.storage.setHardState(rd.hardState);
  for (const msg of rd.messages) inbox.push(msg);
  if (rd.snapshot) m.applied = rd.snapshot.metadata!.index;
  for (const e of rd.committedEntries) {
    if (e.data.length > 0) m.appliedValues++;
    m.applied = e.index;
  }
  m.node.advance(rd);
  // Keep memory bounded: snapshot (empty state) and compact, keeping a tail for the followers.
  const snapIndex = m.storage.snapshot().metadata!.index;
  if (m.applied - snapIndex >= COMPACT_EVERY) {
    m.storage.createSnapshot(m.applied, m.node.status().confState, Buffer.alloc(0));
    m.storage.compact(Math.max(snapIndex, m.applied - Math.floor(COMPACT_EVERY / 4)));
  }
  return true;
}

function deliver(): void {
  const batch = inbox;
  inbox = [];
  messages += batch.length;
  for (const msg of batch) members.get(msg.to)?.node.step(msg);
}

function leader(): Member | null {
  for (const m of members.values()) if (m.node.status().role === 'leader') return m;
  return null;
}

// Elect node 1 (bounded).
members.get(1)!.node.campaign();
for (let i = 0; i < 100 && leader() === null; i++) {
  for (const m of members.values()) handleReady(m);
  deliver();
}
if (leader() === null) {
  console.error('no leader after 100 rounds');
  process.exit(1);
}

const value = Buffer.alloc(VALUE_BYTES, 0x61);
let proposed = 0;
let dropped = 0;
let iterations = 0;
let ticks = 0;
const startReadies = [...members.values()].reduce((a, m) => a + m.readies, 0);
const startValues = leader()!.appliedValues;
const start = performance.now();
const deadline = start + SECONDS * 1000;
let nextTick = start + TICK_MS;
let now = start;

while (now < deadline) {
  iterations++;
  const l = leader();
  if (l !== null) {
    const outstanding = proposed - (l.appliedValues - startValues);
    const n = Math.min(BATCH, INFLIGHT - outstanding);
    for (let i = 0; i < n; i++) {
      try {
        l.node.propose(value);
        proposed++;
      } catch {
        dropped++;
        break;
      }
    }
  }
  for (const m of members.values()) handleReady(m);
  deliver();
  now = performance.now();
  if (now >= nextTick) {
    for (const m of members.values()) m.node.tick();
    ticks++;
    nextTick += TICK_MS;
    if (nextTick < now) nextTick = now + TICK_MS;
  }
}

const elapsed = (performance.now() - start) / 1000;
const l = leader();
const committed = (l?.appliedValues ?? 0) - startValues;
const readies = [...members.values()].reduce((a, m) => a + m.readies, 0) - startReadies;
const result = {
  seconds: Number(elapsed.toFixed(3)),
  valueBytes: VALUE_BYTES,
  batch: BATCH,
  inflight: INFLIGHT,
  proposed,
  committed,
  committedPerSecond: Math.round(committed / elapsed),
  mbPerSecond: Number(((committed * VALUE_BYTES) / elapsed / 1e6).toFixed(1)),
  readyCycles: readies,
  readyCyclesPerSecond: Math.round(readies / elapsed),
  messages,
  loopIterations: iterations,
  ticks,
  droppedProposals: dropped,
  leader: l ? [...members.entries()].find(([, m]) => m === l)![0] : 0,
  node: process.version,
};

if (args.json) {
  console.log(JSON.stringify(result));
} else {
  const rows: [string, string][] = [
    ['duration', `${result.seconds} s`],
    ['value size', `${VALUE_BYTES} B`],
    ['batch / in flight', `${BATCH} / ${INFLIGHT}`],
    ['committed (applied on leader)', String(committed)],
    ['proposals committed per second', result.committedPerSecond.toLocaleString('en-US')],
    ['payload throughput', `${result.mbPerSecond} MB/s`],
    ['Ready cycles (3 nodes)', `${readies.toLocaleString('en-US')} (${result.readyCyclesPerSecond.toLocaleString('en-US')}/s)`],
    ['messages delivered', messages.toLocaleString('en-US')],
    ['loop iterations / ticks', `${iterations.toLocaleString('en-US')} / ${ticks}`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log('raft-core: 3 nodes in one process, MemoryStorage, no disk, no network');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
}
if (committed === 0) process.exit(1);
