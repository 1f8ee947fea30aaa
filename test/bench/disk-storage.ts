// Latency of DiskStorage.persist(): one Ready with N entries of 256 bytes plus a hard state, one
// synced LevelDB batch. For comparison: the same batch written without sync (what LevelDB costs
// without the fsync), and a bare write + fdatasync of 256 bytes to a file (the disk's floor).
//
//   npx tsx test/bench/disk-storage.ts [--rounds 200] [--dir /path/on/the/disk/to/measure]
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { Level } from 'level';

import { DiskStorage } from '../../src/raft/disk_storage.js';
import { type Entry, entry } from '../../src/raft/index.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '200' }, dir: { type: 'string', default: os.tmpdir() } },
});
const ROUNDS = Number(values.rounds);
const WARMUP = 10;
const SIZES = [1, 16, 64, 256];
const PAYLOAD = Buffer.alloc(256, 0x61);

interface Row {
  what: string;
  n: number;
  samples: number[];
}

function stats(r: Row): string {
  const s = [...r.samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const q = (p: number): number => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  const eps = r.n > 0 ? Math.round((r.n * 1000) / mean).toLocaleString('en-US') : '';
  return `| ${r.what} | ${r.n} | ${mean.toFixed(3)} | ${q(0.5).toFixed(3)} | ${q(0.99).toFixed(3)} | ${eps} |`;
}

async function benchPersist(root: string, n: number): Promise<Row> {
  const s = await DiskStorage.open(path.join(root, `persist-${n}`));
  await s.bootstrap([1]);
  let next = 2;
  const samples: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const ents: Entry[] = [];
    for (let i = 0; i < n; i++) ents.push(entry(1, next++, PAYLOAD));
    const t0 = process.hrtime.bigint();
    await s.persist({ hardState: { term: 1, vote: 1, commit: next - 1 }, entries: ents, snapshot: null });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (round >= WARMUP) samples.push(ms);
  }
  await s.close();
  return { what: 'persist() (sync)', n, samples };
}

/** The same amount of data in one LevelDB batch without sync, for comparison. */
async function benchUnsynced(root: string, n: number): Promise<Row> {
  const db = new Level<Buffer, Buffer>(path.join(root, `nosync-${n}`), { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  let next = 1;
  const samples: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const ops = [];
    for (let i = 0; i < n; i++) {
      const k = Buffer.alloc(9);
      k.writeBigUInt64BE(BigInt(next++), 1);
      ops.push({ type: 'put' as const, key: k, value: Buffer.concat([Buffer.alloc(5), PAYLOAD, Buffer.alloc(8)]) });
    }
    const t0 = process.hrtime.bigint();
    await db.batch(ops, { sync: false });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (round >= WARMUP) samples.push(ms);
  }
  await db.close();
  return { what: 'level batch, no sync', n, samples };
}

function benchFdatasync(root: string): Row {
  const fd = openSync(path.join(root, 'raw'), 'a');
  const samples: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const t0 = process.hrtime.bigint();
    writeSync(fd, PAYLOAD);
    fdatasyncSync(fd);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (round >= WARMUP) samples.push(ms);
  }
  closeSync(fd);
  return { what: 'file append 256 B + fdatasync', n: 1, samples };
}

const root = await mkdtemp(path.join(values.dir, 'baton-bench-disk-'));
try {
  console.log(`${ROUNDS} rounds each (after ${WARMUP} warm-up), entries of ${PAYLOAD.length} B, under ${root}`);
  console.log('| what | entries per Ready | mean ms | p50 ms | p99 ms | entries/s |');
  console.log('|---|---|---|---|---|---|');
  console.log(stats(benchFdatasync(root)));
  for (const n of SIZES) console.log(stats(await benchPersist(root, n)));
  for (const n of SIZES) console.log(stats(await benchUnsynced(root, n)));
} finally {
  await rm(root, { recursive: true, force: true });
}
