// Crashes with real processes and the default timing (elections after 500-1000 ms):
//  - kill -9 the leader while 8 clients write: a new leader is elected and every acknowledged
//    write survives (read back through a linearizable Range). The unavailability window is
//    printed, never asserted on.
//  - kill -9 every manager at once and restart them all: the state is intact, a leader is
//    elected, new writes work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../deploy/local/cluster.js';
import { clientOf, missingWrites, readPrefix, waitFor, waitForHealthy, withClient, Writers } from './helpers.js';

const WRITERS = 8;

describe.each([3, 5])('kill -9 with %i managers (default timing)', (n) => {
  let cluster: LocalCluster;
  /** Every write acknowledged so far in this describe, by any test. */
  const acked = new Map<string, string>();

  beforeAll(async () => {
    cluster = await LocalCluster.start({ managers: n, logLevel: 'warn' });
  }, 90_000);

  afterAll(async () => {
    await cluster?.close();
  });

  it(`kill -9 the leader while ${WRITERS} clients write: a new leader, every acknowledged write present`, async () => {
    const before = await waitForHealthy(cluster, cluster.managers.map((m) => m.id));
    const oldLeader = Number(before.leader);
    const leaderIdx = cluster.managers.findIndex((m) => m.id === oldLeader);
    expect(leaderIdx).toBeGreaterThanOrEqual(0);

    const writers = new Writers(cluster.addresses(), WRITERS, `kill${n}`).start();
    let killedAt = 0;
    let newLeader = 0;
    try {
      await writers.waitForProgress(20);
      killedAt = Date.now();
      await cluster.kill(leaderIdx, 'SIGKILL');

      // A new leader, among the survivors.
      const after = await withClient(cluster.client(2_000), (c) =>
        waitFor('a new leader', async () => {
          const r = await c.listManagers();
          return r.leader !== 0 && Number(r.leader) !== oldLeader ? r : null;
        }, 20_000),
      );
      newLeader = Number(after.leader);
      expect(cluster.managers.filter((m) => m.proc).map((m) => m.id)).toContain(newLeader);
      // Writes go on: every writer gets more acknowledged after the kill.
      await writers.waitForProgress(20);
    } finally {
      await writers.stop();
    }
    for (const [k, v] of writers.acked) acked.set(k, v);

    const gap = writers.maxGap();
    console.log(
      `[failover ${n} managers] leader ${oldLeader} killed with SIGKILL; new leader ${newLeader}; ` +
        `first write issued after the kill acknowledged ${writers.firstIssuedAfter(killedAt)} ms after the kill; ` +
        `slowest put ${writers.slowest()} ms; longest gap between acknowledged writes ${gap.ms} ms ` +
        `(from ${gap.start - killedAt} ms to ${gap.end - killedAt} ms after the kill); ` +
        `${writers.acked.size} writes acknowledged, ${writers.failures.length} attempts failed and were retried` +
        (writers.failures.length ? ` (first: ${writers.failures[0]!.error.slice(0, 200)})` : ''),
    );

    const found = await withClient(cluster.client(), (c) => readPrefix(c, `kill${n}/`));
    expect(missingWrites(writers.acked, found)).toEqual([]);
    expect(writers.acked.size).toBeGreaterThan(0);
  }, 90_000);

  it('the killed manager restarts from its disk and catches up', async () => {
    const dead = cluster.managers.findIndex((m) => !m.proc);
    expect(dead).toBeGreaterThanOrEqual(0);
    await cluster.restart(dead);
    await waitForHealthy(cluster, cluster.managers.map((m) => m.id));
    // Linearizable reads through the restarted manager see every acknowledged write.
    const found = await withClient(clientOf(cluster.managers[dead]!.address), (c) => readPrefix(c, `kill${n}/`));
    expect(missingWrites(acked, found)).toEqual([]);
  }, 60_000);

  it('kill -9 every manager at once, restart them all: state intact, a leader, new writes work', async () => {
    // A few more acknowledged writes right before the crash.
    await withClient(cluster.client(), async (c) => {
      for (let i = 0; i < 20; i++) {
        await c.put(`all${n}/${i}`, `before-crash-${i}`);
        acked.set(`all${n}/${i}`, `before-crash-${i}`);
      }
    });
    await Promise.all(cluster.managers.map((_, i) => cluster.kill(i, 'SIGKILL')));
    expect(cluster.managers.every((m) => m.proc === null)).toBe(true);
    const t0 = Date.now();
    await Promise.all(cluster.managers.map((_, i) => cluster.restart(i)));
    const r = await waitForHealthy(cluster, cluster.managers.map((m) => m.id), 30_000);
    console.log(`[restart-all ${n} managers] all ${n} restarted; leader ${r.leader} elected and everyone reachable ${Date.now() - t0} ms after the restart began`);
    expect(r.leader).not.toBe(0);

    await withClient(cluster.client(), async (c) => {
      const found = new Map([...(await readPrefix(c, `kill${n}/`)), ...(await readPrefix(c, `all${n}/`))]);
      expect(missingWrites(acked, found)).toEqual([]);
      // New writes work, and are readable through every manager.
      await c.put(`all${n}/after`, 'after-restart');
    });
    for (const m of cluster.managers) {
      const g = await withClient(clientOf(m.address), (c) => c.get(`all${n}/after`));
      expect(g.kv?.value.toString()).toBe('after-restart');
    }
  }, 90_000);
});
