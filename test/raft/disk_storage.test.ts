// DiskStorage: what survives a reopen, conflicting suffixes, snapshots and compaction, corruption
// detection, and a RaftNode driven through it across a restart.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { Level } from 'level';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CorruptStorageError, DiskStorage, SNAPSHOT_FILE_MIN_BYTES } from '../../src/raft/disk_storage.js';
import { type Entry, RaftNode, type Snapshot, entry, seededRand } from '../../src/raft/index.js';

let dir: string;
const open: DiskStorage[] = [];

beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'baton-disk-storage-')), 'raft');
});

afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => undefined);
  await rm(path.dirname(dir), { recursive: true, force: true });
});

async function openStorage(): Promise<DiskStorage> {
  const s = await DiskStorage.open(dir);
  open.push(s);
  return s;
}

async function reopen(s: DiskStorage): Promise<DiskStorage> {
  await s.close();
  return openStorage();
}

function ents(lo: number, hi: number, term: number): Entry[] {
  const out: Entry[] = [];
  for (let i = lo; i <= hi; i++) out.push(entry(term, i, Buffer.from(`t${term}i${i}`)));
  return out;
}

/** Everything the core can read of a storage. */
function shape(s: DiskStorage) {
  const first = s.firstIndex();
  const last = s.lastIndex();
  const terms: number[] = [];
  for (let i = first - 1; i <= last; i++) terms.push(s.term(i));
  return {
    first,
    last,
    terms,
    entries: last >= first ? s.entries(first, last + 1, Infinity) : [],
    snapshot: s.snapshot(),
    initial: s.initialState(),
  };
}

function entryKey(i: number): Buffer {
  const k = Buffer.alloc(9);
  k[0] = 'e'.charCodeAt(0);
  k.writeBigUInt64BE(BigInt(i), 1);
  return k;
}

async function withRawDb(fn: (db: Level<Buffer, Buffer>) => Promise<void>): Promise<void> {
  const db = new Level<Buffer, Buffer>(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

async function expectCorrupt(pattern: RegExp): Promise<CorruptStorageError> {
  const err = await DiskStorage.open(dir).then(
    (s) => {
      open.push(s);
      throw new Error('open succeeded on corrupt storage');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CorruptStorageError);
  const msg = (err as Error).message;
  expect(msg).toContain(dir);
  expect(msg).toMatch(pattern);
  expect(msg).toMatch(/not replayed/);
  return err as CorruptStorageError;
}

describe('DiskStorage', () => {
  it('persisted hard state, entries and snapshot survive a reopen', async () => {
    let s = await openStorage();
    expect(shape(s).last).toBe(0);
    await s.bootstrap([1, 2, 3], Buffer.from('init'));
    await s.persist({ hardState: { term: 2, vote: 1, commit: 5 }, entries: ents(2, 8, 2), snapshot: null });
    await s.putMeta('node-id', Buffer.from('1'));
    const before = shape(s);
    expect(before).toMatchObject({ first: 2, last: 8 });
    expect(before.initial).toEqual({ hardState: { term: 2, vote: 1, commit: 5 }, confState: { voters: [1, 2, 3], learners: [] } });
    s = await reopen(s);
    expect(shape(s)).toEqual(before);
    expect(s.snapshot().data.toString()).toBe('init');
    expect((await s.getMeta('node-id'))?.toString()).toBe('1');
    expect(await s.getMeta('other')).toBeNull();
  });

  it('a conflicting suffix is replaced, on disk too', async () => {
    let s = await openStorage();
    await s.persist({ hardState: { term: 1, vote: 1, commit: 3 }, entries: ents(1, 10, 1), snapshot: null });
    await s.persist({ hardState: { term: 2, vote: 2, commit: 3 }, entries: ents(6, 7, 2), snapshot: null });
    const before = shape(s);
    expect(before.last).toBe(7);
    expect(before.terms).toEqual([0, 1, 1, 1, 1, 1, 2, 2]);
    s = await reopen(s);
    expect(shape(s)).toEqual(before);
    expect(s.entries(6, 8, Infinity).map((e) => e.data.toString())).toEqual(['t2i6', 't2i7']);
  });

  it('refuses an append that would leave a gap, without writing anything', async () => {
    let s = await openStorage();
    await s.persist({ hardState: null, entries: ents(1, 3, 1), snapshot: null });
    await expect(s.persist({ hardState: null, entries: ents(5, 6, 1), snapshot: null })).rejects.toThrow(/missing log entries/);
    s = await reopen(s);
    expect(s.lastIndex()).toBe(3);
  });

  it('an installed snapshot replaces the log; createSnapshot keeps a tail; reopen sees the same', async () => {
    let s = await openStorage();
    await s.persist({ hardState: { term: 1, vote: 1, commit: 10 }, entries: ents(1, 10, 1), snapshot: null });
    const snap: Snapshot = { metadata: { index: 20, term: 3, confState: { voters: [1, 2], learners: [4] } }, data: Buffer.from('state@20') };
    // A snapshot from the leader, with entries following it in the same Ready.
    await s.persist({ hardState: { term: 3, vote: 0, commit: 20 }, entries: ents(21, 30, 3), snapshot: snap });
    let before = shape(s);
    expect(before).toMatchObject({ first: 21, last: 30 });
    expect(() => s.term(10)).toThrow(/compacted/);
    s = await reopen(s);
    expect(shape(s)).toEqual(before);

    // The application snapshots at 27 and keeps 3 entries (25, 26, 27) for slow followers.
    await s.createSnapshot(27, { voters: [1, 2], learners: [] }, Buffer.from('state@27'), 3);
    before = shape(s);
    expect(before).toMatchObject({ first: 25, last: 30 });
    expect(before.snapshot.metadata).toEqual({ index: 27, term: 3, confState: { voters: [1, 2], learners: [] } });
    s = await reopen(s);
    expect(shape(s)).toEqual(before);
    expect(s.snapshot().data.toString()).toBe('state@27');

    // An older snapshot is ignored; keepEntries 0 compacts up to the snapshot.
    await s.createSnapshot(26, { voters: [1], learners: [] }, Buffer.alloc(0), 0);
    expect(s.snapshot().metadata!.index).toBe(27);
    await s.createSnapshot(29, { voters: [1, 2], learners: [] }, Buffer.from('state@29'), 0);
    before = shape(s);
    expect(before).toMatchObject({ first: 30, last: 30 });
    s = await reopen(s);
    expect(shape(s)).toEqual(before);

    // Appending after compaction, with a conflict right after the snapshot.
    await s.persist({ hardState: { term: 4, vote: 1, commit: 29 }, entries: ents(30, 33, 4), snapshot: null });
    before = shape(s);
    expect(before.terms).toEqual([3, 4, 4, 4, 4]);
    s = await reopen(s);
    expect(shape(s)).toEqual(before);
  });

  it('stores a 32 MiB snapshot', async () => {
    let s = await openStorage();
    await s.persist({ hardState: { term: 1, vote: 1, commit: 3 }, entries: ents(1, 3, 1), snapshot: null });
    const data = Buffer.alloc(32 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4096) data[i] = i % 251;
    await s.createSnapshot(3, { voters: [1], learners: [] }, data, 1);
    s = await reopen(s);
    expect(s.snapshot().data.equals(data)).toBe(true);
    expect(shape(s)).toMatchObject({ first: 3, last: 3 });
  });

  describe('a large snapshot goes to a file of its own', () => {
    const big = (n: number, seed: number) => {
      const data = Buffer.alloc(n);
      for (let i = 0; i < n; i += 1024) data[i] = (i / 1024 + seed) % 251;
      return data;
    };
    const snapDir = () => path.join(dir, 'snapshots');

    it('createSnapshot writes the file, replaces the previous one, and a reopen reads it back', async () => {
      let s = await openStorage();
      await s.persist({ hardState: { term: 1, vote: 1, commit: 20 }, entries: ents(1, 20, 1), snapshot: null });
      const first = big(SNAPSHOT_FILE_MIN_BYTES, 1);
      await s.createSnapshot(10, { voters: [1], learners: [] }, first, 2);
      expect(await readdir(snapDir())).toEqual(['snap-10-1.bin']);
      s = await reopen(s);
      expect(s.snapshot().data.equals(first)).toBe(true);
      expect(shape(s)).toMatchObject({ first: 9, last: 20 });
      const second = big(3 * SNAPSHOT_FILE_MIN_BYTES, 2);
      await s.createSnapshot(15, { voters: [1], learners: [] }, second, 2);
      expect(await readdir(snapDir()), 'the older file is gone').toEqual(['snap-15-1.bin']);
      // A small snapshot goes back into the record, and the file goes.
      await s.createSnapshot(18, { voters: [1], learners: [] }, Buffer.from('small'), 2);
      expect(await readdir(snapDir())).toEqual([]);
      s = await reopen(s);
      expect(s.snapshot().data.toString()).toBe('small');
      let raw: Buffer | undefined;
      await s.close();
      await withRawDb(async (db) => {
        raw = await db.get(Buffer.from('s'));
      });
      expect(raw![0], 'format 1: data in the record').toBe(1);
    });

    it('a snapshot from the leader (persist) goes to a file too; leftover files are removed at open', async () => {
      let s = await openStorage();
      await s.persist({ hardState: { term: 1, vote: 1, commit: 5 }, entries: ents(1, 5, 1), snapshot: null });
      const data = big(2 * SNAPSHOT_FILE_MIN_BYTES, 3);
      const snap: Snapshot = { metadata: { index: 40, term: 3, confState: { voters: [1, 2], learners: [] } }, data };
      await s.persist({ hardState: { term: 3, vote: 0, commit: 40 }, entries: ents(41, 42, 3), snapshot: snap });
      await s.close();
      await writeFile(path.join(snapDir(), 'snap-7-1.bin'), 'old');
      await writeFile(path.join(snapDir(), 'snap-50-3.bin.tmp'), 'cut short');
      s = await openStorage();
      expect(s.snapshot().data.equals(data)).toBe(true);
      expect(s.snapshot().metadata).toEqual(snap.metadata);
      expect(shape(s)).toMatchObject({ first: 41, last: 42 });
      expect(await readdir(snapDir())).toEqual(['snap-40-3.bin']);
    });

    it('persist() is not held up while a large snapshot is written', async () => {
      let s = await openStorage();
      await s.persist({ hardState: { term: 1, vote: 1, commit: 10 }, entries: ents(1, 10, 1), snapshot: null });
      const data = big(64 * 1024 * 1024, 4);
      const order: string[] = [];
      const snapshotting = s.createSnapshot(10, { voters: [1], learners: [] }, data, 0).then(() => order.push('snapshot'));
      await s.persist({ hardState: { term: 1, vote: 1, commit: 12 }, entries: ents(11, 12, 1), snapshot: null }).then(() => order.push('persist'));
      await snapshotting;
      expect(order).toEqual(['persist', 'snapshot']);
      s = await reopen(s);
      expect(shape(s)).toMatchObject({ first: 11, last: 12 });
      expect(s.snapshot().metadata!.index).toBe(10);
    });

    it('a damaged, truncated or missing snapshot file is reported', async () => {
      const s = await openStorage();
      await s.persist({ hardState: { term: 1, vote: 1, commit: 5 }, entries: ents(1, 5, 1), snapshot: null });
      await s.createSnapshot(5, { voters: [1], learners: [] }, big(SNAPSHOT_FILE_MIN_BYTES, 5), 0);
      await s.close();
      const file = path.join(snapDir(), 'snap-5-1.bin');
      const good = await readFile(file);
      const flipped = Buffer.from(good);
      flipped[1000]! ^= 0x01;
      await writeFile(file, flipped);
      await expectCorrupt(/snapshot file snapshots\/snap-5-1\.bin fails its checksum/);
      await writeFile(file, good.subarray(0, good.length - 1));
      await expectCorrupt(/snapshot file snapshots\/snap-5-1\.bin has \d+ bytes, the record says \d+/);
      await rm(file);
      await expectCorrupt(/snapshot file snapshots\/snap-5-1\.bin cannot be read/);
    });
  });

  it('concurrent persist calls are applied in call order', async () => {
    let s = await openStorage();
    const calls: Promise<void>[] = [];
    for (let i = 1; i <= 20; i++) calls.push(s.persist({ hardState: { term: 1, vote: 1, commit: i }, entries: ents(i, i, 1), snapshot: null }));
    await Promise.all(calls);
    expect(s.hardStateNow().commit).toBe(20);
    s = await reopen(s);
    expect(shape(s)).toMatchObject({ first: 1, last: 20 });
    expect(s.hardStateNow().commit).toBe(20);
  });

  describe('corruption is reported, never skipped', () => {
    /** Entries 1..12, one Ready (so one record) each. */
    async function fill(): Promise<void> {
      const s = await openStorage();
      for (let i = 1; i <= 12; i++) await s.persist({ hardState: { term: 1, vote: 1, commit: Math.min(i, 10) }, entries: ents(i, i, 1), snapshot: null });
      await s.close();
    }

    /** Entries 1..4, 5..9 and 10..12, one record each. */
    async function fillRuns(): Promise<void> {
      const s = await openStorage();
      await s.persist({ hardState: null, entries: ents(1, 4, 1), snapshot: null });
      await s.persist({ hardState: null, entries: ents(5, 9, 1), snapshot: null });
      await s.persist({ hardState: { term: 1, vote: 1, commit: 10 }, entries: ents(10, 12, 1), snapshot: null });
      await s.close();
    }

    it('a flipped byte in a record of several entries', async () => {
      await fillRuns();
      await withRawDb(async (db) => {
        const v = (await db.get(entryKey(5)))!;
        v[v.length - 3]! ^= 0x10;
        await db.put(entryKey(5), v);
      });
      await expectCorrupt(/entry 5 fails its checksum/);
    });

    it('a record of several entries stored under another index, or missing', async () => {
      await fillRuns();
      await withRawDb(async (db) => {
        await db.put(entryKey(6), (await db.get(entryKey(5)))!);
        await db.del(entryKey(5));
      });
      await expectCorrupt(/entry 6 fails its checksum/);
    });

    it('a record whose entries do not follow its key', async () => {
      await fillRuns();
      const { crc32 } = await import('node:zlib');
      const { encodeEntryRun } = await import('../../src/raft/entry_codec.js');
      const v = encodeEntryRun([...ents(5, 6, 1), ...ents(8, 10, 1)], 5);
      v[0] = 2;
      v.writeUInt32BE(crc32(v.subarray(5), crc32(Buffer.of(2), crc32(entryKey(5)))), 1);
      await withRawDb((db) => db.put(entryKey(5), v));
      await expectCorrupt(/entry 5 holds the entry of index 8 in place of 7/);
    });

    it('a missing record of several entries leaves a gap', async () => {
      await fillRuns();
      await withRawDb((db) => db.del(entryKey(5)));
      await expectCorrupt(/gap in the log: entries 4 and 10 are stored but 5\.\.9 are missing/);
    });

    it('a flipped byte in an entry', async () => {
      await fill();
      await withRawDb(async (db) => {
        const v = (await db.get(entryKey(7)))!;
        v[v.length - 1]! ^= 0x01;
        await db.put(entryKey(7), v);
      });
      const err = await expectCorrupt(/entry 7 fails its checksum \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)/);
      expect(err.problem).toMatch(/^entry 7 /);
      // The directory is not locked after the failed open: it can be opened again (and fails again).
      await expectCorrupt(/entry 7/);
    });

    it('an entry value stored under another index', async () => {
      await fill();
      await withRawDb(async (db) => {
        await db.put(entryKey(5), (await db.get(entryKey(6)))!);
      });
      await expectCorrupt(/entry 5 fails its checksum/);
    });

    it('a missing entry in the middle', async () => {
      await fill();
      await withRawDb((db) => db.del(entryKey(6)));
      await expectCorrupt(/gap in the log: entries 5 and 7 are stored but 6 is missing/);
    });

    it('a log truncated below the commit index', async () => {
      await fill();
      await withRawDb(async (db) => {
        for (const i of [9, 10, 11, 12]) await db.del(entryKey(i));
      });
      await expectCorrupt(/hard state commit 10 is beyond the last entry 8/);
    });

    it('a damaged hard state and an unknown format version', async () => {
      await fill();
      await withRawDb(async (db) => {
        const v = (await db.get(Buffer.from('h')))!;
        v[2]! ^= 0xff;
        await db.put(Buffer.from('h'), v);
      });
      await expectCorrupt(/hard state fails its checksum/);
      await withRawDb(async (db) => {
        const v = (await db.get(entryKey(1)))!;
        v[0] = 9;
        await db.put(entryKey(1), v);
        await db.del(Buffer.from('h'));
      });
      await expectCorrupt(/entry 1 has unknown format version 9/);
    });

    it('entries that do not start right after the snapshot', async () => {
      const s = await openStorage();
      await s.bootstrap([1]);
      for (let i = 2; i <= 6; i++) await s.persist({ hardState: { term: 2, vote: 1, commit: Math.min(i, 4) }, entries: ents(i, i, 2), snapshot: null });
      await s.close();
      await withRawDb((db) => db.del(entryKey(2)));
      await expectCorrupt(/entries start at 3 but the snapshot is at 1: entries 2\.\.2 are missing/);
    });
  });

  it('writes one record per Ready: entries and hard state are two LevelDB operations', async () => {
    let s = await openStorage();
    await s.persist({ hardState: { term: 1, vote: 1, commit: 0 }, entries: ents(1, 50, 1), snapshot: null });
    await s.persist({ hardState: { term: 1, vote: 1, commit: 50 }, entries: ents(51, 100, 1), snapshot: null });
    s = await reopen(s);
    expect(shape(s)).toMatchObject({ first: 1, last: 100 });
    await s.close();
    const keys: string[] = [];
    await withRawDb(async (db) => {
      for await (const k of db.keys()) keys.push(k.length === 9 ? `e${Number(k.readBigUInt64BE(1))}` : k.toString());
    });
    expect(keys).toEqual(['e1', 'e51', 'h']);
  });

  it('compaction removes the records before the new first one (a ranged delete), and a crash before that delete only leaves more entries', async () => {
    const build = async () => {
      const s = await openStorage();
      for (let i = 0; i < 40; i++) await s.persist({ hardState: { term: 1, vote: 1, commit: i * 10 }, entries: ents(i * 10 + 1, i * 10 + 10, 1), snapshot: null });
      return s;
    };
    const entryKeys = async () => {
      const keys: number[] = [];
      await withRawDb(async (db) => {
        for await (const k of db.keys()) if (k.length === 9) keys.push(Number(k.readBigUInt64BE(1)));
      });
      return keys;
    };
    // Snapshot at 300 keeping 15 entries: the log starts at 285 (inside the record 281..290).
    let s = await build();
    await s.createSnapshot(300, { voters: [1], learners: [] }, Buffer.from('state@300'), 15);
    const after = shape(s);
    expect(after).toMatchObject({ first: 286, last: 400 });
    s = await reopen(s);
    expect(shape(s), 'expected the same log after a reopen').toEqual(after);
    await s.close();
    expect(await entryKeys(), 'expected the rewritten record at 285, then the records from 291 on').toEqual([285, ...Array.from({ length: 11 }, (_, i) => 291 + i * 10)]);

    // The same, but the process dies after rewriting the record at 285 and before the ranged delete.
    await rm(dir, { recursive: true, force: true });
    s = await build();
    (s as unknown as { clearEntriesBelow: () => Promise<void> }).clearEntriesBelow = async () => {};
    await s.createSnapshot(300, { voters: [1], learners: [] }, Buffer.from('state@300'), 15);
    await s.close();
    s = await openStorage();
    const crashed = shape(s);
    expect(crashed.first, 'expected the old records kept: the log starts earlier').toBeLessThan(after.first);
    expect(crashed.last).toBe(after.last);
    expect(s.entries(after.first, after.last + 1, Infinity), 'expected the same entries from the new first index on').toEqual(
      ents(after.first, after.last, 1),
    );
    expect(s.snapshot().metadata!.index).toBe(300);
  });

  it('conflicting suffixes across records: later records replace the tail of earlier ones, on reopen too', async () => {
    let s = await openStorage();
    await s.persist({ hardState: null, entries: ents(1, 10, 1), snapshot: null }); // one record 1..10
    await s.persist({ hardState: null, entries: ents(11, 15, 1), snapshot: null }); // 11..15
    await s.persist({ hardState: null, entries: ents(6, 7, 2), snapshot: null }); // replaces 6..15
    expect(shape(s).terms).toEqual([0, 1, 1, 1, 1, 1, 2, 2]);
    await s.persist({ hardState: null, entries: ents(8, 12, 2), snapshot: null });
    await s.persist({ hardState: { term: 3, vote: 1, commit: 4 }, entries: ents(5, 5, 3), snapshot: null }); // replaces 5..12
    const before = shape(s);
    expect(before.last).toBe(5);
    expect(before.terms).toEqual([0, 1, 1, 1, 1, 3]);
    s = await reopen(s);
    expect(shape(s)).toEqual(before);
    // Compaction inside a record keeps the dummy and what follows; reopen starts at the same place.
    await s.persist({ hardState: { term: 3, vote: 1, commit: 20 }, entries: ents(6, 20, 3), snapshot: null });
    await s.createSnapshot(15, { voters: [1], learners: [] }, Buffer.from('state@15'), 3);
    const compacted = shape(s);
    expect(compacted).toMatchObject({ first: 13, last: 20 });
    s = await reopen(s);
    expect(shape(s)).toEqual(compacted);
  });

  it('reads entries written one per record in format 1 (earlier versions)', async () => {
    const { crc32 } = await import('node:zlib');
    const { encode } = await import('../../src/proto/load.js');
    const v1 = (key: Buffer, payload: Uint8Array) => {
      const v = Buffer.alloc(5 + payload.length);
      v[0] = 1;
      v.writeUInt32BE(crc32(payload, crc32(Buffer.of(1), crc32(key))), 1);
      Buffer.from(payload).copy(v, 5);
      return v;
    };
    await withRawDb(async (db) => {
      for (const e of ents(1, 6, 1)) await db.put(entryKey(e.index), v1(entryKey(e.index), encode('baton.v1.Entry', e)));
      await db.put(Buffer.from('h'), v1(Buffer.from('h'), encode('baton.v1.HardState', { term: 1, vote: 1, commit: 3 })));
    });
    let s = await openStorage();
    expect(shape(s)).toMatchObject({ first: 1, last: 6 });
    expect(s.entries(1, 7, Infinity).map((e) => e.data.toString())).toEqual(['t1i1', 't1i2', 't1i3', 't1i4', 't1i5', 't1i6']);
    // A conflicting suffix over old records, then compaction, then reopen.
    await s.persist({ hardState: { term: 2, vote: 2, commit: 6 }, entries: ents(4, 8, 2), snapshot: null });
    await s.createSnapshot(6, { voters: [1], learners: [] }, Buffer.from('state@6'), 2);
    const before = shape(s);
    expect(before).toMatchObject({ first: 5, last: 8 });
    expect(before.terms).toEqual([2, 2, 2, 2, 2]);
    s = await reopen(s);
    expect(shape(s)).toEqual(before);
  });

  it('a single-node RaftNode loses nothing acknowledged across a close and reopen', async () => {
    let s = await openStorage();
    await s.bootstrap([1]);
    const cfg = { id: 1, electionTicks: 10, heartbeatTicks: 1 };
    let node = new RaftNode({ ...cfg, storage: s, rand: seededRand(3) });
    node.campaign();
    const applied: Entry[] = [];
    const drive = async (): Promise<void> => {
      while (node.hasReady()) {
        const rd = node.ready();
        await s.persist(rd);
        applied.push(...rd.committedEntries);
        node.advance(rd);
      }
    };
    await drive();
    expect(node.raft.role).toBe('leader');
    for (let i = 0; i < 100; i++) {
      node.propose(Buffer.from(`w${i}`));
      if (i % 7 === 0) await drive(); // Readies of 1 to 7 entries
    }
    await drive();
    const acknowledged = applied.filter((e) => e.data.length > 0).map((e) => e.data.toString());
    expect(acknowledged).toEqual(Array.from({ length: 100 }, (_, i) => `w${i}`));
    const lastApplied = applied.at(-1)!.index;
    expect(lastApplied).toBe(102); // bootstrap snapshot at 1, the leader's no-op at 2, then 100 writes
    expect(s.hardStateNow().commit).toBe(102);

    s = await reopen(s);
    node = new RaftNode({ ...cfg, storage: s, rand: seededRand(4) }); // applied = snapshot index (1)
    expect(node.hasReady()).toBe(true);
    const rd = node.ready();
    expect(rd.committedEntries.map((e) => [e.index, e.term, e.data.toString()])).toEqual(
      applied.map((e) => [e.index, e.term, e.data.toString()]),
    );
    expect(node.raft.term).toBe(2);

    // Snapshot at 60 keeping 5 entries; after another restart the node replays 61..102 only.
    node.advance(rd);
    await s.createSnapshot(60, node.status().confState, Buffer.from('state@60'), 5);
    s = await reopen(s);
    expect(shape(s)).toMatchObject({ first: 56, last: 102 });
    node = new RaftNode({ ...cfg, storage: s, rand: seededRand(5) });
    expect(node.ready().committedEntries.map((e) => e.index)).toEqual(Array.from({ length: 42 }, (_, i) => 61 + i));
  });
});
