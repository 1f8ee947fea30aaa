// Bootstrap and join with real manager processes: `baton init`, then `baton join` up to 3 and
// then 5 managers. Every manager is listed as a reachable voter, there is one leader, and a write
// through any manager (leader or follower) is readable, linearizably, through every other one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../deploy/local/cluster.js';
import { clientOf, FAST, waitForHealthy, withClient } from './helpers.js';

describe('bootstrap and join (3, then 5 managers)', () => {
  let cluster: LocalCluster;

  beforeAll(async () => {
    cluster = await LocalCluster.start({ managers: 3, flags: FAST, logLevel: 'warn' });
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
  });

  async function checkMembershipAndCrossReads(n: number, round: string): Promise<void> {
    const ids = cluster.managers.map((m) => m.id);
    expect(ids).toHaveLength(n);
    expect(new Set(ids).size).toBe(n);

    const r = await waitForHealthy(cluster, ids);
    expect(r.managers).toHaveLength(n);
    expect(r.managers.every((m) => m.role === 'MANAGER_VOTER')).toBe(true);
    expect(r.managers.every((m) => m.reachable)).toBe(true);
    const leaders = r.managers.filter((m) => m.leader);
    expect(leaders).toHaveLength(1);
    expect(Number(leaders[0]!.member!.id)).toBe(Number(r.leader));
    expect(ids).toContain(Number(r.leader));
    // Each listed manager carries the address it was started with.
    for (const m of cluster.managers) expect(r.managers.find((x) => Number(x.member!.id) === m.id)?.member?.address).toBe(m.address);

    // Every manager, asked directly, agrees on the leader.
    for (const m of cluster.managers) {
      const mine = await withClient(clientOf(m.address), (c) => c.listManagers());
      expect(Number(mine.leader), `leader as seen through ${m.address}`).toBe(Number(r.leader));
    }

    // A write through each manager (the leader and the followers)...
    for (const m of cluster.managers) {
      await withClient(clientOf(m.address), (c) => c.put(`${round}/from/${m.id}`, `written through ${m.address}`));
    }
    // ...is readable, linearizably, through every other manager.
    for (const reader of cluster.managers) {
      await withClient(clientOf(reader.address), async (c) => {
        for (const writer of cluster.managers) {
          const g = await c.get(`${round}/from/${writer.id}`);
          expect(g.kv?.value.toString(), `${round}: write through ${writer.address} read through ${reader.address}`).toBe(`written through ${writer.address}`);
        }
      });
    }
  }

  it('3 managers: all voters, one leader, all reachable; writes through each are read through every other', async () => {
    await checkMembershipAndCrossReads(3, 'three');
  });

  it('5 managers: two more join; all voters, one leader, all reachable; writes through each are read through every other', async () => {
    await cluster.join();
    await cluster.join();
    await cluster.waitForVoters(5);
    await checkMembershipAndCrossReads(5, 'five');
    // The writes of the 3-manager round reached the managers that joined later.
    for (const m of cluster.managers.slice(3)) {
      const r = await withClient(clientOf(m.address), (c) => c.range('three/from/'));
      expect(r.kvs).toHaveLength(3);
    }
  });
});
