// Cluster.Backup over real gRPC on top of a KvStore (no Raft): the state is frozen only after the
// read point is confirmed (everything committed before the call is in), it arrives in pieces of at
// most 1 MiB that the client puts back together, and it restores to the same store.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterApi } from '../../src/api/cluster_service.js';
import { type BatonClient, BatonClientError } from '../../src/client/client.js';
import { BatonError } from '../../src/manager/errors.js';
import type { Replica } from '../../src/manager/replica.js';
import { KvStore } from '../../src/store/kv_store.js';
import type { Command } from '../../src/store/types.js';
import { closeServed, serveApi } from './serve_helpers.js';

const put = (kv: KvStore, key: string, value: Buffer | string) => kv.apply({ op: 'put', put: { key, value: Buffer.from(value) }, requestId: null } as unknown as Command);

afterEach(closeServed);

function serve(replica: Partial<Replica>): Promise<BatonClient> {
  return serveApi('Cluster', new ClusterApi(replica as Replica, { shutdown: () => undefined }, pino({ level: 'silent' })).handlers());
}

describe('Cluster.Backup', () => {
  it('takes the state after the read point: a write applied while the read index is confirmed is in it', async () => {
    const kv = new KvStore();
    kv.clusterId = 'feed';
    put(kv, 'early', 'before the call');
    let applied = 10;
    const c = await serve({
      kv,
      id: 5,
      applied: () => applied,
      // The ReadIndex round: this replica learns of a committed write and applies it meanwhile.
      linearizable: async () => {
        put(kv, 'late', 'committed before the call, applied during the read round');
        applied = 11;
      },
    });
    const { header, state } = await c.backup();
    expect([header.clusterId, header.index, header.manager, header.revision]).toEqual(['feed', 11, 5, 2]);
    const back = new KvStore();
    back.restore(state);
    expect(back.get('early')?.value.toString()).toBe('before the call');
    expect(back.get('late')?.value.toString(), 'the write applied during the read round').toBe('committed before the call, applied during the read round');
  });

  it('streams a state of several MiB in pieces the client reassembles and checks', async () => {
    const kv = new KvStore();
    const big = Buffer.alloc(1024, 0x61);
    for (let i = 0; i < 4000; i++) put(kv, `blob/${i}`, big);
    const c = await serve({ kv, id: 1, applied: () => 4000, linearizable: async () => undefined });
    const { header, state } = await c.backup();
    expect(state.length, 'about 4 MiB of state').toBeGreaterThan(4_000_000);
    expect(header.stateBytes).toBe(state.length);
    expect(state.equals(kv.snapshot()), 'the very bytes of the store snapshot').toBe(true);
    const pieces: number[] = [];
    await c.backupInto({ header: async () => undefined, data: async (d) => void pieces.push(d.length) });
    expect(pieces.length, `pieces of at most 1 MiB: ${pieces.join(', ')}`).toBeGreaterThanOrEqual(4);
    expect(Math.max(...pieces)).toBeLessThanOrEqual(1024 * 1024);
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(state.length);
  });

  it('fails with the manager\'s error when it cannot confirm the read point', async () => {
    const c = await serve({
      kv: new KvStore(),
      id: 1,
      applied: () => 0,
      linearizable: async () => {
        throw new BatonError('UNAVAILABLE', 'no leader: the last known leader was 3');
      },
    });
    const e = await c.backup().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BatonClientError);
    expect((e as BatonClientError).codeName).toBe('UNAVAILABLE');
    expect((e as BatonClientError).message).toContain('no leader: the last known leader was 3');
  });
});
