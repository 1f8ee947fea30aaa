// The key/value Watch handler of ControlApi over real gRPC on top of a KvStore (no Raft): a
// compacted start revision must end the stream with OUT_OF_RANGE naming the oldest revision still
// watchable, not leave the caller waiting; a retained one replays, then streams live changes.
import { afterEach, describe, expect, it } from 'vitest';
import { ControlApi } from '../../src/api/control_service.js';
import { type BatonClient, BatonClientError } from '../../src/client/client.js';
import type { Replica } from '../../src/manager/replica.js';
import { KvStore } from '../../src/store/kv_store.js';
import type { Command } from '../../src/store/types.js';
import { closeServed, serveApi } from './serve_helpers.js';

const put = (kv: KvStore, key: string, value: string) => kv.apply({ op: 'put', put: { key, value: Buffer.from(value) }, requestId: null } as unknown as Command);

afterEach(closeServed);

function serve(kv: KvStore): Promise<BatonClient> {
  return serveApi('Control', new ControlApi({ kv } as unknown as Replica).handlers());
}

describe('Watch (key/value, ControlApi over gRPC)', () => {
  it('replays the changes after the start revision under the prefix, then live ones', async () => {
    const kv = new KvStore();
    put(kv, 'app/a', '1');
    put(kv, 'other/x', '2');
    put(kv, 'app/b', '3');
    const c = await serve(kv);
    const ac = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const e of c.watch('app/', 1, ac.signal)) {
        seen.push(`${e.revision} ${e.type} ${e.kv!.key}=${e.kv!.value.toString()}`);
        if (seen.length === 1) put(kv, 'app/c', '4'); // live, once the replay is under way
        if (seen.length === 2) ac.abort();
      }
    })();
    await done;
    expect(seen).toEqual(['3 WATCH_PUT app/b=3', '4 WATCH_PUT app/c=4']);
  });

  it('a compacted start revision ends the stream with OUT_OF_RANGE', async () => {
    const old = new KvStore();
    for (let i = 0; i < 3; i++) put(old, `k/${i}`, String(i));
    // A manager restored from a snapshot at revision 3 keeps no history before it.
    const kv = new KvStore();
    kv.restore(old.snapshot());
    const c = await serve(kv);
    const e = await (async () => {
      for await (const _ of c.watch('k/', 1)) void _;
    })().catch((x: unknown) => x);
    expect(e, 'the watch must end with an error, not hang').toBeInstanceOf(BatonClientError);
    expect((e as BatonClientError).codeName).toBe('OUT_OF_RANGE');
    expect((e as BatonClientError).message).toMatch(/revision 1 is compacted \(oldest revision still watchable is 4\)/);
  }, 10_000);
});
