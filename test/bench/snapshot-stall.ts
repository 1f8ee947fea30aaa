// How long a store snapshot blocks a manager's event loop, with a large store: the way it was
// (the whole StoreSnapshot through protobufjs's fromObject + encode, synchronously) against what
// the Replica does now (KvStore.freeze(), then encodeSnapshot() in slices, yielding to the event
// loop between them), and the DiskStorage write of the result (a file of its own, synced, then
// a small synced LevelDB record naming it).
//
//   npx tsx test/bench/snapshot-stall.ts [--keys 200000] [--value-bytes 256]
//
// "Longest stall" is the longest gap between two turns of a 1 ms interval timer while the snapshot
// is made (minus the interval), i.e. how long a client request or a Raft heartbeat could wait.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { encode } from '../../src/proto/load.js';
import { DiskStorage } from '../../src/raft/disk_storage.js';
import { KvStore, encodeSnapshot } from '../../src/store/kv_store.js';

const { values: args } = parseArgs({ options: { keys: { type: 'string', default: '200000' }, 'value-bytes': { type: 'string', default: '256' } } });
const KEYS = Number(args.keys);
const VALUE_BYTES = Number(args['value-bytes']);

/** Runs fn while a 1 ms timer measures the longest gap between its turns. */
async function stall<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; longestStallMs: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 1);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 20));
  last = performance.now();
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(timer);
  return { result, ms, longestStallMs: Math.max(longest, performance.now() - last - 1) };
}

const kv = new KvStore();
const value = Buffer.alloc(VALUE_BYTES, 0x62);
for (let i = 0; i < KEYS; i++) {
  kv.apply({ op: 'put', put: { key: `bench/k/${i % 64}/${i}`, value, requestId: null }, requestId: { clientId: `c${i % 4}`, seq: i } });
}
console.log(`store: ${KEYS} keys of ${VALUE_BYTES} B values, ${Math.min(KEYS, 20_000)} remembered answers`);

const rows: string[][] = [];
for (let round = 0; round < 3; round++) {
  const before = await stall(async () => {
    // What KvStore.snapshot() did before: one protobufjs fromObject + encode of everything.
    const f = kv.freeze();
    const sessions = f.sessions.map((r) => ({ ...r, response: Buffer.from(encode('baton.v1.SessionResponse', { tag: 0, ...r.result })), txResult: null }));
    return Buffer.from(encode('baton.v1.StoreSnapshot', { ...f.head, kvs: f.kvs, sessions, objects: f.objects }));
  });
  const after = await stall(async () => encodeSnapshot(kv.freeze(), () => new Promise<void>((r) => setImmediate(r))));
  const sync = await stall(async () => kv.snapshot());
  if (!after.result.equals(sync.result)) throw new Error('sliced and synchronous encodings differ');
  rows.push(['protobufjs, synchronous (before)', before.ms.toFixed(0), before.longestStallMs.toFixed(1), String(before.result.length)]);
  rows.push(['freeze + sliced encode (now)', after.ms.toFixed(0), after.longestStallMs.toFixed(1), String(after.result.length)]);
  rows.push(['freeze + encode, synchronous', sync.ms.toFixed(0), sync.longestStallMs.toFixed(1), String(sync.result.length)]);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'baton-snapshot-stall-'));
  try {
    const st = await DiskStorage.open(dir);
    await st.persist({ hardState: { term: 1, vote: 1, commit: 10 }, entries: Array.from({ length: 10 }, (_, i) => ({ term: 1, index: i + 1, type: 'ENTRY_NORMAL' as const, data: Buffer.alloc(8) })), snapshot: null });
    const write = await stall(() => st.createSnapshot(10, { voters: [1], learners: [] }, after.result, 5));
    rows.push(['DiskStorage.createSnapshot (data file written and synced, then the record)', write.ms.toFixed(0), write.longestStallMs.toFixed(1), String(after.result.length)]);
    await st.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
console.log('| what | total ms | longest event-loop stall ms | bytes |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
