// The `baton` CLI (bin/baton.js, spawned) against a running 3-manager cluster: kv put/get,
// manager ls and cluster status print what a user expects, with the right exit codes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, LocalCluster } from '../../deploy/local/cluster.js';
import { FAST, killChildren, runCli, waitForHealthy } from './helpers.js';

describe('the baton CLI against 3 managers', () => {
  let cluster: LocalCluster;
  let managers = '';
  const baton = (...args: string[]) => runCli(['--managers', managers, ...args]);

  beforeAll(async () => {
    cluster = await LocalCluster.start({ managers: 3, flags: FAST, logLevel: 'warn' });
    managers = cluster.managers.map((m) => m.address).join(',');
    await waitForHealthy(cluster, cluster.managers.map((m) => m.id));
  }, 60_000);

  afterEach(async () => {
    await killChildren();
  });

  afterAll(async () => {
    await killChildren();
    await cluster?.close();
  });

  it('kv put then kv get: the value, its version and revision; a missing key exits 1', async () => {
    const put = await baton('kv', 'put', 'cli/color', 'blue');
    expect(put.code, put.stderr).toBe(0);
    const rev = /^revision (\d+)$/.exec(put.stdout.trim());
    expect(rev, put.stdout).not.toBeNull();

    // Through each manager alone: the same answer (linearizable reads).
    for (const m of cluster.managers) {
      const get = await runCli(['--managers', m.address, 'kv', 'get', 'cli/color']);
      expect(get.code, get.stderr).toBe(0);
      expect(get.stdout.trim()).toBe(`cli/color = blue  (version 1, revision ${rev![1]})`);
    }

    const put2 = await baton('kv', 'put', 'cli/color', 'green');
    expect(put2.code).toBe(0);
    const get2 = await baton('kv', 'get', 'cli/color');
    expect(get2.stdout).toContain('cli/color = green  (version 2,');

    const missing = await baton('kv', 'get', 'cli/nothing-here');
    expect(missing.code).toBe(1);
    expect(missing.stdout.trim()).toBe('(absent)');
  });

  it('manager ls: a header and one row per manager, all voters and reachable, one leader', async () => {
    const r = await baton('manager', 'ls');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]!.split(/\s+/)).toEqual(['ID', 'ADDRESS', 'NAME', 'ROLE', 'LEADER', 'REACHABLE', 'MATCH', 'LAG']);
    const rows = lines.slice(1);
    expect(rows).toHaveLength(3);
    for (const m of cluster.managers) {
      const row = rows.find((l) => l.startsWith(`${m.id} `));
      expect(row, `a row for ${m.id}`).toBeDefined();
      expect(row).toContain(m.address);
      expect(row).toMatch(/\bvoter\b/);
      expect(row).toMatch(/\byes\b/);
    }
    expect(rows.filter((l) => / \* /.test(l))).toHaveLength(1);
  });

  it('cluster status: the leader and term, then one row per manager with its role', async () => {
    const r = await baton('cluster', 'status');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const head = /^leader (\d+), term (\d+)$/.exec(lines[0]!);
    expect(head, lines[0]).not.toBeNull();
    const leader = head![1]!;
    expect(cluster.managers.map((m) => String(m.id))).toContain(leader);
    expect(lines[1]!.split(/\s+/)).toEqual(['ID', 'ADDRESS', 'ROLE', 'TERM', 'LEADER', 'COMMIT', 'APPLIED', 'LAST', 'REACHABLE']);
    const rows = lines.slice(2).map((l) => l.split(/\s+/));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row[8]).toBe('yes');
      expect(row[4]).toBe(leader);
      expect(row[2]).toBe(row[0] === leader ? 'leader' : 'follower');
    }
    expect(rows.filter((row) => row[2] === 'leader')).toHaveLength(1);
  });

  it('an empty key: exit 1 and one line naming the code and the field', async () => {
    const r = await baton('kv', 'put', '', 'v');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^baton: INVALID_ARGUMENT: key: /);
  });

  it('no manager reachable: exit 1 and one UNAVAILABLE line (--timeout)', async () => {
    const port = await freePort();
    const r = await runCli(['--managers', `127.0.0.1:${port}`, '--timeout', '1500', 'kv', 'get', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^baton: (UNAVAILABLE|DEADLINE_EXCEEDED): /);
  });
});
