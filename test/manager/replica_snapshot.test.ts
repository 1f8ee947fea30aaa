// Snapshots of a Replica: taken in the background (the store frozen at the applied index, encoded
// in slices), staggered between the managers, and consistent with the log after them.
import { afterEach, describe, expect, it } from 'vitest';
import type { MemoryDurableStorage } from '../../src/manager/durable_storage.js';
import { silentLogger } from '../../src/manager/logger.js';
import { Replica } from '../../src/manager/replica.js';
import { decode } from '../../src/proto/load.js';
import type { Transport } from '../../src/raft/transport.js';
import type { ConfState, Message } from '../../src/raft/types.js';
import { KvStore } from '../../src/store/kv_store.js';
import type { Command } from '../../src/store/types.js';
import { freshStorage, put, timing } from './replica_helpers.js';


/** Delivers messages between replicas in memory, on a later turn. */
class MemNet {
  readonly replicas = new Map<number, Replica>();
  transport(): Transport {
    return {
      send: (ms: Message[]) => {
        for (const m of ms) setImmediate(() => this.replicas.get(m.to)?.onMessage(m));
      },
      setPeers: () => {},
      close: async () => {},
    };
  }
}

let replicas: Replica[] = [];
afterEach(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  replicas = [];
});

async function cluster(ids: number[], snapshotEvery: number) {
  const net = new MemNet();
  const storages = new Map<number, MemoryDurableStorage>();
  const taken = new Map<number, number[]>(); // id -> snapshot indexes, in order
  for (const id of ids) {
    const st = freshStorage(ids);
    const create = st.createSnapshot.bind(st);
    st.createSnapshot = async (index: number, cs: ConfState, data: Buffer, keep: number) => {
      taken.set(id, [...(taken.get(id) ?? []), index]);
      return create(index, cs, data, keep);
    };
    storages.set(id, st);
    const r = new Replica({ id, storage: st, timing, logger: silentLogger(), snapshotEvery, snapshotKeep: 50 });
    net.replicas.set(id, r);
    replicas.push(r);
  }
  for (const r of net.replicas.values()) r.start(net.transport());
  const leaderId = await replicas[0]!.waitForLeader(5000);
  return { net, storages, taken, leader: net.replicas.get(leaderId)! };
}

describe('Replica snapshots', () => {
  it('are staggered between managers, rarer on the leader, and consistent with the log after them', async () => {
    const { storages, taken, leader } = await cluster([11, 22, 33], 200);
    let seq = 0;
    for (let round = 0; round < 120; round++) {
      await Promise.all(Array.from({ length: 25 }, () => leader.write(put(`k/${seq % 700}`, ++seq))));
    }
    // Let the followers apply everything and finish their snapshots.
    const last = leader.applied();
    for (let i = 0; i < 200 && replicas.some((r) => r.applied() < last); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));

    const followers = replicas.filter((r) => r !== leader);
    for (const f of followers) expect(taken.get(f.id)?.length ?? 0, `follower ${f.id} took snapshots`).toBeGreaterThanOrEqual(4);
    expect(taken.get(leader.id)?.length ?? 0, 'the leader snapshots less often').toBeLessThan(taken.get(followers[0]!.id)!.length);
    // Staggered: no two followers snapshot at about the same index.
    const [a, b] = followers.map((f) => taken.get(f.id)!);
    for (const i of a!) for (const j of b!) expect(Math.abs(i - j), `snapshots at ${i} and ${j}`).toBeGreaterThan(20);

    // Each manager's latest snapshot plus the log after it rebuilds exactly its live store.
    for (const r of replicas) {
      const st = storages.get(r.id)!;
      const snap = st.snapshot();
      const kv = new KvStore();
      kv.restore(snap.data);
      for (const e of st.entries(snap.metadata!.index + 1, r.applied() + 1, Infinity)) {
        if (e.type === 'ENTRY_NORMAL' && e.data.length > 0) kv.apply(decode<Command>('baton.v1.Command', e.data));
      }
      expect(kv.revision, `replica ${r.id}: revision`).toBe(r.kv.revision);
      expect(kv.range('', '', 0), `replica ${r.id}: keys`).toEqual(r.kv.range('', '', 0));
      expect(r.snapshotAt(), `replica ${r.id} compacted`).toBeGreaterThan(1);
    }
  }, 30_000);
});
