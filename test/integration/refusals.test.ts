// Requests that must be refused with a clear error, changing nothing: a wrong join token, a
// removal that would break the quorum, an unknown member id, an oversized value, an empty key.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, LocalCluster } from '../../deploy/local/cluster.js';
import { expectClientError, FAST, killChildren, membership, runCli, waitFor, waitForHealthy, withClient } from './helpers.js';

describe('refused with clear errors, changing nothing (3 managers)', () => {
  let cluster: LocalCluster;

  beforeAll(async () => {
    cluster = await LocalCluster.start({ managers: 3, flags: FAST, logLevel: 'warn' });
  }, 60_000);

  afterEach(async () => {
    await killChildren();
  });

  afterAll(async () => {
    await killChildren();
    await cluster?.close();
  });

  it('`baton join` with a wrong token: exits non-zero, one line with PERMISSION_DENIED, no data dir left, membership unchanged', async () => {
    const before = await waitForHealthy(cluster, cluster.managers.map((m) => m.id));
    const dataDir = path.join(cluster.dir, 'intruder');
    const port = await freePort();
    const wrong = `BATON-MGR-${'x'.repeat(32)}`;
    const r = await runCli(['join', '--token', wrong, '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, ...FAST, cluster.managers[1]!.address]);
    expect(r.signal, 'it exits by itself').toBeNull();
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines, `stderr: ${r.stderr}`).toHaveLength(1);
    expect(lines[0]).toContain('PERMISSION_DENIED');
    expect(lines[0]).toContain('token');
    expect(r.stdout).toBe('');
    expect(existsSync(dataDir), `${dataDir} must not exist`).toBe(false);
    const after = await withClient(cluster.client(), (c) => c.listManagers());
    expect(membership(after)).toEqual(membership(before));
  });

  it('removing an unknown id: NOT_FOUND, membership unchanged', async () => {
    const before = await withClient(cluster.client(), (c) => c.listManagers());
    const e = await withClient(cluster.client(), (c) => expectClientError(() => c.removeManager(424242)));
    expect(e.codeName).toBe('NOT_FOUND');
    expect(e.message).toContain('424242');
    const e2 = await withClient(cluster.client(), (c) => expectClientError(() => c.demoteManager(424242)));
    expect(e2.codeName).toBe('NOT_FOUND');
    const after = await withClient(cluster.client(), (c) => c.listManagers());
    expect(membership(after)).toEqual(membership(before));
  });

  it('a 600 KiB value: INVALID_ARGUMENT naming `value`; nothing written', async () => {
    await withClient(cluster.client(), async (c) => {
      const rev = (await c.get('refused/big')).revision;
      const e = await expectClientError(() => c.put('refused/big', Buffer.alloc(600 * 1024, 'x')));
      expect(e.codeName).toBe('INVALID_ARGUMENT');
      expect(e.message).toMatch(/^value: /);
      const e2 = await expectClientError(() => c.compareAndSwap('refused/big', { version: 0 }, Buffer.alloc(600 * 1024, 'x')));
      expect(e2.codeName).toBe('INVALID_ARGUMENT');
      expect(e2.message).toMatch(/^value: /);
      const g = await c.get('refused/big');
      expect(g.kv).toBeNull();
      expect(Number(g.revision)).toBe(Number(rev));
    });
  });

  it('an empty key: INVALID_ARGUMENT naming `key`; nothing written', async () => {
    await withClient(cluster.client(), async (c) => {
      const rev = (await c.get('refused/x')).revision;
      for (const call of [() => c.put('', 'v'), () => c.get(''), () => c.delete(''), () => c.compareAndSwap('', { version: 0 }, 'v')]) {
        const e = await expectClientError(call);
        expect(e.codeName).toBe('INVALID_ARGUMENT');
        expect(e.message).toMatch(/^key: /);
      }
      expect(Number((await c.get('refused/x')).revision)).toBe(Number(rev));
    });
  });

  it('removing a live manager while another is down (kill -9): FAILED_PRECONDITION naming the majority; membership unchanged', async () => {
    const before = await waitForHealthy(cluster, cluster.managers.map((m) => m.id));
    const leaderId = Number(before.leader);
    const followers = cluster.managers.filter((m) => m.id !== leaderId);
    const dead = followers[0]!;
    const live = followers[1]!;
    await cluster.kill(dead.index, 'SIGKILL');
    // The leader notices within an election timeout.
    await withClient(cluster.client(2_000), (c) =>
      waitFor('the leader to see the killed manager as unreachable', async () => {
        const r = await c.listManagers();
        return r.managers.find((m) => Number(m.member!.id) === dead.id)?.reachable === false;
      }),
    );
    await withClient(cluster.client(), async (c) => {
      for (const id of [live.id, leaderId]) {
        const e = await expectClientError(() => c.removeManager(id));
        expect(e.codeName, e.message).toBe('FAILED_PRECONDITION');
        expect(e.message).toContain('majority');
        expect(e.message).toContain(String(id));
        const d = await expectClientError(() => c.demoteManager(id));
        expect(d.codeName, d.message).toBe('FAILED_PRECONDITION');
        expect(d.message).toContain('majority');
      }
      const after = await c.listManagers();
      expect(membership(after)).toEqual(membership(before));
      // The two live managers still make progress.
      await c.put('refused/still-writable', 'yes');
      expect((await c.get('refused/still-writable')).kv?.value.toString()).toBe('yes');
    });
  });
});
