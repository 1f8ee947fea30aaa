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
    s.apply(put('a', '1', ['c1', 1]));
    s.apply(put('b', '2'));
    const t = new KvStore();
    t.restore(s.snapshot());
    expect(t.range('', '', 0)).toEqual(s.range('', '', 0));
    expect(t.revision).toBe(2);
    expect(t.members.get(7)!.address).toBe('127.0.0.1:1');
    expect(t.tokens).toEqual({ manager: 'm', worker: 'w' });
    expect(t.apply(put('a', '1', ['c1', 1])), 'a retry after restore is still answered from memory').toEqual(s.apply(put('a', '1', ['c1', 1])));
    expect(t.get('a')!.version, 'not applied again').toBe(1);
  });
});
