// Online backup and restore: `baton cluster backup FILE` against a running 3-manager cluster
// (through a follower), then `baton init --restore FILE` starts a new one-member cluster that holds
// the same keys, services and join tokens. Bad files and an existing target are refused.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, LocalCluster, signalAndWait } from '../../deploy/local/cluster.js';
import { KvStore } from '../../src/store/kv_store.js';
import { BIN, clientOf, FAST, killChildren, runCli, waitForHealthy, withClient } from './helpers.js';

/** Starts `baton init --restore FILE` and resolves once it says it runs (bounded). */
async function startRestored(file: string, dataDir: string, port: number): Promise<{ proc: ChildProcess; out: string }> {
  const proc = spawn(process.execPath, [BIN, 'init', '--restore', file, '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, ...FAST], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BATON_LOG_LEVEL: 'warn' },
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the restored manager did not start within 20 s: ${out} ${err}`)), 20_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('worker token:')) (clearTimeout(timer), resolve());
    });
    proc.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the restored manager exited with ${code}: ${out} ${err}`))));
  });
  return { proc, out };
}

describe('backup and restore', () => {
  let cluster: LocalCluster;
  let dir: string;
  let follower = '';
  let restored: ChildProcess | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'baton-backup-it-'));
    cluster = await LocalCluster.start({ managers: 3, flags: FAST, logLevel: 'warn' });
    await waitForHealthy(cluster, cluster.managers.map((m) => m.id));
    const leader = await cluster.leaderIndex();
    follower = cluster.managers.find((_, i) => i !== leader)!.address;
  }, 60_000);

  afterAll(async () => {
    await signalAndWait(restored, 'SIGKILL');
    await killChildren();
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a backup through a follower holds every write acknowledged before it', async () => {
    await withClient(cluster.client(), async (c) => {
      for (let i = 0; i < 50; i++) await c.put(`cfg/${i}`, `value-${i}`);
      // Acknowledged by the leader, then at once a backup from a follower: it must be in.
      await c.put('cfg/last', 'written just before the backup');
    });
    const r = await runCli(['--managers', follower, 'cluster', 'backup', path.join(dir, 'one.bak')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^backup of cluster \w+ at index \d+ \(revision \d+, \d+ bytes of state\) taken by manager \d+, written to /);
    const file = readFileSync(path.join(dir, 'one.bak'));
    const state = file.subarray(12 + file.readUInt32BE(8));
    const kv = new KvStore();
    kv.restore(state);
    expect(kv.get('cfg/last')?.value.toString(), 'the last acknowledged write').toBe('written just before the backup');
    expect(kv.get('cfg/49')?.value.toString()).toBe('value-49');
  });

  it('baton init --restore starts a one-member cluster with the same keys, services and tokens', async () => {
    const addresses = cluster.managers.map((m) => m.address).join(',');
    const before = await withClient(cluster.client(), async (c) => {
      await c.createService({ name: 'web', mode: 'replicated', replicated: { replicas: 2 }, task: { container: { image: 'nginx:1.27' } } });
      await c.put('cfg/color', 'blue');
      return { tokens: await c.tokens(), cluster: await c.getCluster() };
    });
    const file = path.join(dir, 'two.bak');
    const b = await runCli(['--managers', addresses, 'cluster', 'backup', file]);
    expect(b.code, b.stderr).toBe(0);

    const port = await freePort();
    const started = await startRestored(file, path.join(dir, 'restored'), port);
    restored = started.proc;
    expect(started.out).toMatch(new RegExp(`^cluster ${before.cluster.id} restored from ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(state at index \\d+`));
    await withClient(clientOf(`127.0.0.1:${port}`), async (c) => {
      expect((await c.get('cfg/color')).kv?.value.toString()).toBe('blue');
      expect((await c.get('cfg/last')).kv?.value.toString()).toBe('written just before the backup');
      const svc = await c.getService('web');
      expect([svc.spec?.name, svc.spec?.replicated?.replicas]).toEqual(['web', 2]);
      expect(await c.tokens(), 'the join tokens of the old cluster').toEqual(before.tokens);
      const ms = await c.listManagers();
      expect(ms.managers.map((m) => m.member!.address), 'only the restored manager is a member').toEqual([`127.0.0.1:${port}`]);
      expect(ms.leader).toBe(ms.managers[0]!.member!.id);
      // And it takes writes.
      await c.put('cfg/after', 'restored cluster writes');
      expect((await c.get('cfg/after')).kv?.value.toString()).toBe('restored cluster writes');
    });
  });

  it('refuses a damaged backup, an existing target and a non-empty data directory, with one line and no leftovers', async () => {
    const good = readFileSync(path.join(dir, 'one.bak'));
    const damaged = Buffer.from(good);
    damaged[damaged.length - 3] ^= 0xff;
    writeFileSync(path.join(dir, 'damaged.bak'), damaged);
    const target = path.join(dir, 'never');
    const r = await runCli(['init', '--restore', path.join(dir, 'damaged.bak'), '--data-dir', target, '--listen', `127.0.0.1:${await freePort()}`]);
    expect(r.code, 'a non-zero exit').not.toBe(0);
    expect(r.stderr.trim().split('\n'), 'one line').toHaveLength(1);
    expect(r.stderr).toContain('fails its checksum');
    expect(existsSync(target), 'no data directory created').toBe(false);

    const exists = await runCli(['--managers', follower, 'cluster', 'backup', path.join(dir, 'one.bak')]);
    expect(exists.code).not.toBe(0);
    expect(exists.stderr).toContain('already exists');
    expect(readFileSync(path.join(dir, 'one.bak')).equals(good), 'the existing file untouched').toBe(true);

    expect(readdirSync(dir).filter((f) => f.includes('.tmp-')), 'no temporary file left by any backup').toEqual([]);

    const nonEmpty = await runCli(['init', '--restore', path.join(dir, 'one.bak'), '--data-dir', path.join(dir, 'restored'), '--listen', `127.0.0.1:${await freePort()}`]);
    expect(nonEmpty.code).not.toBe(0);
    expect(nonEmpty.stderr).toContain('is not empty');
  });
});
