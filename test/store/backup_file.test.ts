import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatonError } from '../../src/manager/errors.js';
import { type BackupHeader, BackupFileWriter, readBackupFile } from '../../src/store/backup_file.js';
import { KvStore } from '../../src/store/kv_store.js';

function backupOf(kv: KvStore): { header: BackupHeader; state: Buffer } {
  const state = kv.snapshot();
  return { header: { clusterId: kv.clusterId, index: 42, revision: kv.revision, manager: 7, createdUnixMs: 1_795_000_000_000, stateBytes: state.length, stateCrc32: crc32(state) }, state };
}

/** A whole backup written through BackupFileWriter in one piece. */
async function writeBackupFile(file: string, header: BackupHeader, state: Buffer): Promise<void> {
  const w = await BackupFileWriter.create(file);
  await w.header(header);
  await w.data(state);
  await w.finish();
}

async function refusal(file: string): Promise<BatonError> {
  const e = await readBackupFile(file).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, `reading ${file} must be refused`).toBeInstanceOf(BatonError);
  return e as BatonError;
}

describe('backup files', () => {
  let dir: string;
  let kv: KvStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'baton-backup-'));
    kv = new KvStore();
    kv.clusterId = 'c0ffee';
    kv.tokens = { manager: 'BATON-MGR-x', worker: 'BATON-WKR-y' };
    for (let i = 0; i < 100; i++) kv.apply({ op: 'put', put: { key: `k/${i}`, value: Buffer.from(`v${i}`) }, requestId: null } as never);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips: the header and the state come back as written, and restore the same store', async () => {
    const b = backupOf(kv);
    const file = path.join(dir, 'b.bak');
    await writeBackupFile(file, b.header, b.state);
    expect(await readdir(dir), 'only the file, no temporary left').toEqual(['b.bak']);
    const r = await readBackupFile(file);
    expect(r.header).toEqual(b.header);
    expect(r.state.equals(b.state), 'same state bytes').toBe(true);
    const back = new KvStore();
    back.restore(r.state);
    expect(back.get('k/99')?.value.toString()).toBe('v99');
    expect(back.tokens).toEqual(kv.tokens);
    expect(back.revision).toBe(kv.revision);
  });

  it('refuses a file that is not a backup, is truncated, or was altered, naming what is wrong', async () => {
    const b = backupOf(kv);
    const good = path.join(dir, 'good.bak');
    await writeBackupFile(good, b.header, b.state);
    const bytes = await readFile(good);
    const variant = async (name: string, data: Buffer) => {
      const f = path.join(dir, name);
      await writeFile(f, data);
      return f;
    };

    const missing = await refusal(path.join(dir, 'nope.bak'));
    expect([missing.code, missing.message]).toEqual(['NOT_FOUND', expect.stringContaining('cannot read the backup')]);

    const notBackup = await refusal(await variant('text.bak', Buffer.from('hello, this is not a backup')));
    expect([notBackup.code, notBackup.message]).toEqual(['INVALID_ARGUMENT', expect.stringContaining('is not a baton backup')]);

    const cutInHeader = await refusal(await variant('cut-header.bak', bytes.subarray(0, 14)));
    expect(cutInHeader.message).toContain('header length');

    const truncated = await refusal(await variant('cut.bak', bytes.subarray(0, bytes.length - 1)));
    expect([truncated.code, truncated.message]).toEqual(['DATA_LOSS', expect.stringContaining(`holds ${b.state.length - 1} bytes of state where its header announces ${b.state.length}`)]);

    const longer = await refusal(await variant('longer.bak', Buffer.concat([bytes, Buffer.of(0)])));
    expect(longer.message).toContain('truncated or damaged');

    const altered = Buffer.from(bytes);
    altered[altered.length - 5] ^= 0x01;
    const flipped = await refusal(await variant('flipped.bak', altered));
    expect([flipped.code, flipped.message]).toEqual(['DATA_LOSS', expect.stringContaining('fails its checksum')]);
  });

  it('BackupFileWriter leaves nothing when the state fails its checksum', async () => {
    const b = backupOf(kv);
    const w = await BackupFileWriter.create(path.join(dir, 'bad.bak'));
    await w.header({ ...b.header, stateCrc32: (b.header.stateCrc32 + 1) >>> 0 });
    await w.data(b.state);
    const e = await w.finish().catch((err: unknown) => err);
    expect(e, 'a mismatched state is refused').toBeInstanceOf(BatonError);
    expect((e as BatonError).message).toContain('fails its checksum');
    await w.abort();
    expect(await readdir(dir), 'no file, no temporary').toEqual([]);
  });

  it('BackupFileWriter writes the same file piece by piece, and removes it all when the pieces do not match the header', async () => {
    const b = backupOf(kv);
    const whole = path.join(dir, 'whole.bak');
    await writeBackupFile(whole, b.header, b.state);
    const pieced = path.join(dir, 'pieced.bak');
    const w = await BackupFileWriter.create(pieced);
    await w.header(b.header);
    for (let o = 0; o < b.state.length; o += 100) await w.data(b.state.subarray(o, o + 100));
    await w.finish();
    expect((await readFile(pieced)).equals(await readFile(whole)), 'the same bytes as written whole').toBe(true);

    const short = await BackupFileWriter.create(path.join(dir, 'short.bak'));
    await short.header(b.header);
    await short.data(b.state.subarray(0, b.state.length - 1));
    const e = await short.finish().catch((err: unknown) => err);
    expect(e, 'a short state is refused at finish').toBeInstanceOf(BatonError);
    expect((e as BatonError).message).toContain(`holds ${b.state.length - 1} bytes of state where its header announces ${b.state.length}`);
    await short.abort();
    expect((await readdir(dir)).sort(), 'nothing left of the refused file').toEqual(['pieced.bak', 'whole.bak']);
  });
});
