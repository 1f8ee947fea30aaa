import { describe, expect, it } from 'vitest';
import { CompactedRevisionError, KvStore, WATCH_HISTORY } from '../../src/store/kv_store.js';
import type { Command, WatchEvent } from '../../src/store/types.js';

const put = (key: string, value: string, rid?: [string, number]): Command => ({
  op: 'put',
  put: { key, value: Buffer.from(value), requestId: null },
  requestId: rid ? { clientId: rid[0], seq: rid[1] } : null,
});
const cas = (key: string, expected: { value?: string; version?: number }, value: string, rid?: [string, number]): Command => ({
  op: 'compareAndSwap',
  compareAndSwap: {
    key,
    ...(expected.value !== undefined ? { expected: 'expectedValue' as const, expectedValue: Buffer.from(expected.value) } : { expected: 'expectedVersion' as const, expectedVersion: expected.version ?? 0 }),
    value: Buffer.from(value),
    delete: false,
    requestId: null,
  },
  requestId: rid ? { clientId: rid[0], seq: rid[1] } : null,
});
const del = (key: string): Command => ({ op: 'delete', delete: { key, requestId: null }, requestId: null });

describe('KvStore', () => {
  it('put tracks revisions and versions; delete removes', () => {
    const s = new KvStore();
    s.apply(put('a', '1'));
    s.apply(put('a', '2'));
    s.apply(put('b', '1'));
    expect(s.get('a'), 'a after two puts').toMatchObject({ version: 2, createRevision: 1, modRevision: 2 });
    expect(s.get('a')!.value.toString()).toBe('2');
    expect(s.revision, 'three writes').toBe(3);
    const r = s.apply(del('a')) as { delete: { deleted: boolean } };
    expect(r.delete.deleted).toBe(true);
    expect(s.get('a')).toBeNull();
    const again = s.apply(del('a')) as { delete: { deleted: boolean } };
    expect(again.delete.deleted, 'deleting an absent key').toBe(false);
    expect(s.revision, 'a delete of an absent key is not a write').toBe(4);
  });

  it('compare-and-swap on value and on version (0 = absent)', () => {
    const s = new KvStore();
    const created = s.apply(cas('k', { version: 0 }, 'v1')) as { compareAndSwap: { succeeded: boolean } };
    expect(created.compareAndSwap.succeeded, 'create when absent').toBe(true);
    const again = s.apply(cas('k', { version: 0 }, 'v2')) as { compareAndSwap: { succeeded: boolean } };
    expect(again.compareAndSwap.succeeded, 'version 0 when present').toBe(false);
    const byValue = s.apply(cas('k', { value: 'v1' }, 'v3')) as { compareAndSwap: { succeeded: boolean } };
    expect(byValue.compareAndSwap.succeeded, 'expected value matches').toBe(true);
    const wrong = s.apply(cas('k', { value: 'v1' }, 'v4')) as { compareAndSwap: { succeeded: boolean; prev: { value: Buffer } } };
    expect(wrong.compareAndSwap.succeeded, 'expected value is stale').toBe(false);
    expect(wrong.compareAndSwap.prev.value.toString(), 'the failed swap shows the current value').toBe('v3');
    expect(s.get('k')!.version).toBe(2);
  });

  it('a retried write (same client id and seq) is answered from memory, not applied twice', () => {
    const s = new KvStore();
    const first = s.apply(cas('k', { version: 0 }, 'a', ['c1', 1]));
    const retry = s.apply(cas('k', { version: 0 }, 'a', ['c1', 1]));
    expect(retry, 'same answer as the first time').toEqual(first);
    expect(s.get('k')!.version, 'applied once').toBe(1);
    const other = s.apply(cas('k', { version: 0 }, 'a', ['c1', 2]));
    expect((other as { compareAndSwap: { succeeded: boolean } }).compareAndSwap.succeeded, 'a new seq is a new write').toBe(false);
  });

  it('range returns keys in order under a prefix, pages with startAfter and limit', () => {
    const s = new KvStore();
    for (const k of ['b/2', 'a/1', 'b/1', 'b/3', 'c']) s.apply(put(k, k));
    expect(s.range('b/', '', 0).kvs.map((kv) => kv.key)).toEqual(['b/1', 'b/2', 'b/3']);
    const page1 = s.range('b/', '', 2);
    expect(page1.kvs.map((kv) => kv.key)).toEqual(['b/1', 'b/2']);
    expect(page1.more, 'a third key matches').toBe(true);
    expect(s.range('b/', 'b/2', 2).kvs.map((kv) => kv.key)).toEqual(['b/3']);
    expect(s.range('', '', 0).kvs.map((kv) => kv.key)).toEqual(['a/1', 'b/1', 'b/2', 'b/3', 'c']);
  });

  it('watch replays from a revision, then streams; too old a revision must re-list', () => {
    const s = new KvStore();
    s.apply(put('x/a', '1'));
    s.apply(put('y/b', '1'));
    s.apply(put('x/a', '2'));
    const seen: WatchEvent[] = [];
    const stop = s.watch({ prefix: 'x/', send: (e) => seen.push(e) }, 1);
    s.apply(del('x/a'));
    stop();
    s.apply(put('x/c', '1'));
    expect(seen.map((e) => [e.type, e.kv!.key, e.revision])).toEqual([
      ['WATCH_PUT', 'x/a', 3],
      ['WATCH_DELETE', 'x/a', 4],
    ]);
    for (let i = 0; i < 2 * WATCH_HISTORY + 5; i++) s.apply(put('z', String(i)));
    expect(() => s.watch({ prefix: '', send: () => {} }, 2)).toThrow(CompactedRevisionError);
  });

  it('a snapshot restores the same state, sessions included', () => {
    const s = new KvStore();
    s.clusterId = 'c';
    s.tokens = { manager: 'm', worker: 'w' };
    s.setMember({ id: 7, address: '127.0.0.1:1', name: 'n', stayLearner: false });
    s.setMember({ id: 9, address: '127.0.0.1:2', name: 'gone', stayLearner: false });
    s.removeMember(9);
    s.apply(put('a', '1', ['c1', 1]));
    s.apply(put('b', '2'));
    const t = new KvStore();
    t.restore(s.snapshot());
    expect(t.range('', '', 0)).toEqual(s.range('', '', 0));
    expect(t.revision).toBe(2);
    expect(t.members.get(7)!.address).toBe('127.0.0.1:1');
    expect([...t.members.keys()], 'expected member 9 gone').toEqual([7]);
    expect([...t.removedMembers], 'expected the removal of member 9 remembered (its messages are refused after a restart)').toEqual([9]);
    expect(t.tokens).toEqual({ manager: 'm', worker: 'w' });
    expect(t.apply(put('a', '1', ['c1', 1])), 'a retry after restore is still answered from memory').toEqual(s.apply(put('a', '1', ['c1', 1])));
    expect(t.get('a')!.version, 'not applied again').toBe(1);
  });
});

describe('KvStore (property)', () => {
  it('range matches a naive sorted model under random puts, deletes and compare-and-swaps', async () => {
    const fc = (await import('fast-check')).default;
    const key = fc.string({ unit: fc.constantFrom('a', 'b', '/', 'z'), minLength: 1, maxLength: 5 });
    const op = fc.oneof(
      fc.record({ t: fc.constant('put' as const), k: key }),
      fc.record({ t: fc.constant('del' as const), k: key }),
      fc.record({ t: fc.constant('cas' as const), k: key, v: fc.integer({ min: 0, max: 2 }) }),
    );
    const query = fc.record({ prefix: fc.string({ unit: fc.constantFrom('a', 'b', '/'), maxLength: 2 }), after: key, limit: fc.integer({ min: 0, max: 4 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.array(query, { maxLength: 10 }), (ops, queries) => {
        const s = new KvStore();
        const model = new Map<string, number>(); // key -> version
        for (const o of ops) {
          if (o.t === 'put') {
            s.apply(put(o.k, 'v'));
            model.set(o.k, (model.get(o.k) ?? 0) + 1);
          } else if (o.t === 'del') {
            s.apply(del(o.k));
            model.delete(o.k);
          } else {
            const r = s.apply(cas(o.k, { version: o.v }, 'w')) as { compareAndSwap: { succeeded: boolean } };
            expect(r.compareAndSwap.succeeded).toBe((model.get(o.k) ?? 0) === o.v);
            if (r.compareAndSwap.succeeded) model.set(o.k, o.v + 1);
          }
        }
        const sorted = [...model.keys()].sort();
        for (const q of [{ prefix: '', after: '', limit: 0 }, ...queries]) {
          const all = sorted.filter((k) => k.startsWith(q.prefix) && k > q.after);
          const want = q.limit > 0 ? all.slice(0, q.limit) : all;
          const got = s.range(q.prefix, q.after, q.limit);
          expect(got.kvs.map((kv) => kv.key), JSON.stringify(q)).toEqual(want);
          expect(got.more).toBe(q.limit > 0 && all.length > q.limit);
          for (const kv of got.kvs) expect(kv.version).toBe(model.get(kv.key));
        }
        const t = new KvStore();
        t.restore(s.snapshot());
        expect(t.range('', '', 0)).toEqual(s.range('', '', 0));
      }),
      { numRuns: 200 },
    );
  });

  it('a frozen state encodes (in slices) to what the state was when frozen, whatever is written after', async () => {
    const { encodeSnapshot } = await import('../../src/store/kv_store.js');
    const s = new KvStore();
    for (let i = 0; i < 10_000; i++) s.apply(put(`k/${i % 7000}`, `v${i}`, ['c', i + 1]));
    s.apply(del('k/3'));
    const expected = s.snapshot();
    const frozen = s.freeze();
    let pauses = 0;
    const encoding = encodeSnapshot(frozen, async () => {
      pauses++;
      // Writes meanwhile must not show in the frozen state.
      s.apply(put(`k/${pauses}`, 'later', ['c', 100_000 + pauses]));
      s.apply(del(`k/${pauses + 10}`));
    });
    const data = await encoding;
    expect(pauses, 'encoded in several slices').toBeGreaterThan(2);
    expect(data.equals(expected), 'same bytes as snapshot() at the time').toBe(true);
    const t = new KvStore();
    t.restore(data);
    expect(t.revision).toBe(10_001);
    expect(t.get('k/3')).toBeNull();
    expect(t.get('k/1')!.value.toString()).toBe('v7001');
    expect(t.apply(put('k/1', 'v7001', ['c', 7002])), 'a remembered answer survives the snapshot').toEqual({
      put: { revision: 7002, prev: expect.objectContaining({ key: 'k/1', version: 1 }) },
    });
  });
});
