import { describe, expect, it } from 'vitest';
import { CompactedRevisionError, KvStore, WATCH_HISTORY } from '../../src/store/kv_store.js';
import type { ObjectEvent } from '../../src/store/object_store.js';
import type { Command, Service, StoreObject, StoreTxResult, Task } from '../../src/store/types.js';

const meta = { version: 0, createdAtMs: 0, updatedAtMs: 0 };
function service(id: string, name: string, replicas = 1): StoreObject {
  return {
    object: 'service',
    service: {
      id,
      meta,
      spec: { name, namespace: 'default', labels: {}, mode: 'replicated', replicated: { replicas }, task: null, update: null, rollback: null, rebalance: 'REBALANCE_MANUAL' },
      previousSpec: null,
      specVersion: 1,
      updateStatus: null,
      history: [],
      lastSpecVersion: 0,
      revision: 0,
      specWrittenVersion: 0,
    } as unknown as Service,
  } as StoreObject;
}
function task(id: string, serviceId: string, nodeId: string, state = 'TASK_RUNNING'): StoreObject {
  return {
    object: 'task',
    task: { id, meta, serviceId, slot: 1, nodeId, specVersion: 1, spec: null, desiredState: 'TASK_RUNNING', status: { state, timestampMs: 0, message: '', error: '', exitCode: 0 }, ports: [], health: null, restartsMs: [], notBeforeMs: 0, shutdownReason: '' } as unknown as Task,
  } as StoreObject;
}
type Op = { kind: 'STORE_CREATE' | 'STORE_UPDATE' | 'STORE_DELETE'; object: StoreObject; expectedVersion?: number };
const tx = (ops: Op[], nowMs = 1000): Command =>
  ({ op: 'tx', tx: { ops: ops.map((o) => ({ expectedVersion: 0, ...o })), nowMs }, requestId: null }) as unknown as Command;
const run = (s: KvStore, ops: Op[], nowMs?: number) => (s.apply(tx(ops, nowMs)) as { tx: StoreTxResult }).tx;

describe('object store transactions', () => {
  it('creates objects with a version and timestamps from the transaction', () => {
    const s = new KvStore();
    const r = run(s, [{ kind: 'STORE_CREATE', object: service('s1', 'web') }], 5000);
    expect(r.errorCode, 'no error').toBe('');
    expect(r.revision).toBe(1);
    expect(s.objects.services.get('s1')!.meta).toEqual({ version: 1, createdAtMs: 5000, updatedAtMs: 5000 });
    expect(s.objects.serviceByName('default', 'web')!.id).toBe('s1');
  });

  it('an update naming a stale version fails with FAILED_PRECONDITION and changes nothing', () => {
    const s = new KvStore();
    run(s, [{ kind: 'STORE_CREATE', object: service('s1', 'web') }]);
    run(s, [{ kind: 'STORE_UPDATE', object: service('s1', 'web', 2), expectedVersion: 1 }], 2000);
    expect(s.objects.services.get('s1')!.meta!.version, 'updated at revision 2').toBe(2);
    const stale = run(s, [{ kind: 'STORE_UPDATE', object: service('s1', 'web', 3), expectedVersion: 1 }]);
    expect(stale.errorCode).toBe('FAILED_PRECONDITION');
    expect(stale.error).toMatch(/version 2, not 1/);
    expect((s.objects.services.get('s1')!.spec as unknown as { replicated: { replicas: number } }).replicated.replicas, 'unchanged').toBe(2);
    expect(s.revision, 'a failed transaction is not a revision').toBe(2);
  });

  it('is atomic: one failing op leaves every other op unapplied', () => {
    const s = new KvStore();
    run(s, [{ kind: 'STORE_CREATE', object: service('s1', 'web') }]);
    const r = run(s, [
      { kind: 'STORE_CREATE', object: task('t1', 's1', 'n1') },
      { kind: 'STORE_CREATE', object: service('s2', 'web') }, // name taken
    ]);
    expect(r.errorCode).toBe('ALREADY_EXISTS');
    expect(r.error).toMatch(/default\/web is taken/);
    expect(s.objects.tasks.size, 'the task of the failed transaction').toBe(0);
  });

  it('rejects creating an existing object and updating or deleting a missing one', () => {
    const s = new KvStore();
    run(s, [{ kind: 'STORE_CREATE', object: service('s1', 'web') }]);
    expect(run(s, [{ kind: 'STORE_CREATE', object: service('s1', 'api') }]).errorCode).toBe('ALREADY_EXISTS');
    expect(run(s, [{ kind: 'STORE_UPDATE', object: service('s9', 'x') }]).errorCode).toBe('NOT_FOUND');
    expect(run(s, [{ kind: 'STORE_DELETE', object: service('s9', 'x') }]).errorCode).toBe('NOT_FOUND');
  });

  it('keeps the task indexes (by service, node and state) in step with updates and deletes', () => {
    const s = new KvStore();
    run(s, [
      { kind: 'STORE_CREATE', object: service('s1', 'web') },
      { kind: 'STORE_CREATE', object: task('t1', 's1', 'n1') },
      { kind: 'STORE_CREATE', object: task('t2', 's1', 'n2', 'TASK_PENDING') },
    ]);
    expect(s.objects.tasksOfService('s1').map((t) => t.id).sort()).toEqual(['t1', 't2']);
    run(s, [{ kind: 'STORE_UPDATE', object: task('t2', 's1', 'n1', 'TASK_RUNNING') }]);
    expect(s.objects.tasksOfNode('n1').map((t) => t.id).sort(), 't2 moved to n1').toEqual(['t1', 't2']);
    expect(s.objects.tasksOfNode('n2')).toEqual([]);
    expect(s.objects.tasksInState('TASK_PENDING')).toEqual([]);
    run(s, [{ kind: 'STORE_DELETE', object: task('t1', 's1', 'n1') }]);
    expect(s.objects.tasksOfService('s1').map((t) => t.id)).toEqual(['t2']);
  });

  it('a snapshot carries the objects and rebuilds the indexes', () => {
    const s = new KvStore();
    run(s, [
      { kind: 'STORE_CREATE', object: service('s1', 'web') },
      { kind: 'STORE_CREATE', object: task('t1', 's1', 'n1') },
    ]);
    const t = new KvStore();
    t.restore(s.snapshot());
    expect(t.objects.all()).toEqual(s.objects.all());
    expect(t.objects.serviceByName('default', 'web')!.id).toBe('s1');
    expect(t.objects.tasksOfNode('n1').map((x) => x.id)).toEqual(['t1']);
  });

  it('watch replays events after a revision, then streams; too old a revision must re-list', () => {
    const s = new KvStore();
    run(s, [{ kind: 'STORE_CREATE', object: service('s1', 'web') }]);
    run(s, [{ kind: 'STORE_CREATE', object: task('t1', 's1', 'n1') }]);
    const seen: ObjectEvent[] = [];
    const stop = s.watchObjects((e) => seen.push(e), 1);
    run(s, [{ kind: 'STORE_DELETE', object: task('t1', 's1', 'n1') }]);
    stop();
    expect(seen.map((e) => [e.kind, e.object.object, e.revision])).toEqual([
      ['create', 'task', 2],
      ['delete', 'task', 3],
    ]);
    for (let i = 0; i < 2 * WATCH_HISTORY + 1; i++) run(s, [{ kind: 'STORE_UPDATE', object: service('s1', 'web', i) }]);
    expect(() => s.watchObjects(() => {}, 2)).toThrow(CompactedRevisionError);
  });
});
