// The WatchObjects handler of ObjectsApi, served over real gRPC on top of a KvStore (no Raft):
// replay after a revision, the kinds filter, and a compacted start revision answered with
// OUT_OF_RANGE (the stream must end with that status, not hang).
import { afterEach, describe, expect, it } from 'vitest';
import { ObjectsApi } from '../../src/api/objects_api.js';
import { type BatonClient, BatonClientError } from '../../src/client/client.js';
import type { ObjectEvent__Output } from '../../src/gen/baton/v1/ObjectEvent';
import type { Replica } from '../../src/manager/replica.js';
import { KvStore } from '../../src/store/kv_store.js';
import type { Command, Service, StoreObject, Task } from '../../src/store/types.js';
import { closeServed, serveApi } from './serve_helpers.js';

const meta = { version: 0, createdAtMs: 0, updatedAtMs: 0 };
const svc = (id: string, name: string): StoreObject =>
  ({ object: 'service', service: { id, meta, spec: { name, namespace: 'default', labels: {}, task: null, update: null, rollback: null }, previousSpec: null, specVersion: 1, updateStatus: null } as unknown as Service }) as StoreObject;
const task = (id: string, serviceId: string): StoreObject =>
  ({ object: 'task', task: { id, meta, serviceId, slot: 1, nodeId: '', specVersion: 1, spec: null, desiredState: 'TASK_RUNNING', status: null, ports: [], health: null } as unknown as Task }) as StoreObject;
const create = (kv: KvStore, ...objects: StoreObject[]) =>
  kv.apply({ op: 'tx', tx: { ops: objects.map((object) => ({ kind: 'STORE_CREATE', object, expectedVersion: 0 })), nowMs: 1 }, requestId: null } as unknown as Command);

afterEach(closeServed);

function serve(kv: KvStore): Promise<BatonClient> {
  return serveApi('Control', new ObjectsApi({ kv } as unknown as Replica).handlers());
}

async function take(it: AsyncIterable<ObjectEvent__Output>, n: number, ac: AbortController): Promise<string[]> {
  const out: string[] = [];
  for await (const e of it) {
    out.push(`${e.revision} ${e.kind} ${e.object} ${e.service?.id ?? e.task?.id}`);
    if (out.length === n) ac.abort();
  }
  return out;
}

describe('WatchObjects (ObjectsApi over gRPC)', () => {
  it('replays the changes after the start revision, then live ones; filters by kind', async () => {
    const kv = new KvStore();
    create(kv, svc('s1', 'web'));
    create(kv, svc('s2', 'api'), task('t1', 's2'));
    const c = await serve(kv);
    const ac = new AbortController();
    const all = take(c.watchObjects([], 1, ac.signal), 3, ac);
    const ac2 = new AbortController();
    const tasks = take(c.watchObjects(['OBJECT_TASK'], 1, ac2.signal), 2, ac2);
    setTimeout(() => create(kv, task('t2', 's1')), 100);
    expect(await all).toEqual(['2 OBJECT_CREATED service s2', '2 OBJECT_CREATED task t1', '3 OBJECT_CREATED task t2']);
    expect(await tasks).toEqual(['2 OBJECT_CREATED task t1', '3 OBJECT_CREATED task t2']);
  });

  it('a compacted start revision ends the stream with OUT_OF_RANGE', async () => {
    const old = new KvStore();
    create(old, svc('s1', 'web'));
    create(old, svc('s2', 'api'));
    create(old, svc('s3', 'db'));
    // A manager restored from a snapshot at revision 3 keeps no history before it.
    const kv = new KvStore();
    kv.restore(old.snapshot());
    const c = await serve(kv);
    const t0 = Date.now();
    const e = await (async () => {
      for await (const _ of c.watchObjects([], 1)) void _;
    })().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BatonClientError);
    expect((e as BatonClientError).codeName).toBe('OUT_OF_RANGE');
    expect((e as BatonClientError).message).toMatch(/revision 1 is compacted/);
    expect(Date.now() - t0).toBeLessThan(2_000);
  }, 10_000);
});
