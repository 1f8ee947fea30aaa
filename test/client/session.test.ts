// KvSession batches: requests issued in one turn leave in one stream message (at most 1 MiB of
// them), and each answer of a batch settles its own call.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type BatonClient, BatonClientError, KvSession } from '../../src/client/client.js';

class FakeStream extends EventEmitter {
  readonly writes: { requests: { tag: number; put?: { key: string; value: Buffer } }[] }[] = [];
  write(m: FakeStream['writes'][number]): boolean {
    this.writes.push(m);
    return true;
  }
}

function session(): { s: KvSession; stream: FakeStream } {
  const stream = new FakeStream();
  let seq = 0;
  const client = { nextRequestId: () => ({ clientId: 'c', seq: ++seq }) } as unknown as BatonClient;
  return { s: new KvSession(stream as never, client), stream };
}

const turn = () => new Promise<void>((r) => setImmediate(r));

describe('KvSession', () => {
  it('sends the requests of one turn in one message, and the next turn in the next', async () => {
    const { s, stream } = session();
    const a = [s.put('a', '1'), s.put('b', '2'), s.get('c')];
    await turn();
    const b = [s.put('d', '4')];
    await turn();
    expect(stream.writes.map((w) => w.requests.map((r) => r.tag)), 'expected tags 1-3 in the first message, 4 in the second').toEqual([[1, 2, 3], [4]]);
    stream.emit('data', { responses: [{ tag: 2, response: 'put', put: { revision: 8, prev: null } }, { tag: 3, response: 'error', error: { code: 3, message: 'key: must not be empty' } }] });
    stream.emit('data', { responses: [{ tag: 1, response: 'put', put: { revision: 7, prev: null } }, { tag: 4, response: 'put', put: { revision: 9, prev: null } }] });
    expect((await a[0]!).revision, 'expected tag 1 answered with revision 7').toBe(7);
    expect((await a[1]!).revision, 'expected tag 2 answered with revision 8').toBe(8);
    await expect(a[2]!, 'expected the error answer to reject its own call').rejects.toThrow(BatonClientError);
    expect((await b[0]!).revision, 'expected tag 4 answered with revision 9').toBe(9);
  });

  it('splits a turn whose requests exceed 1 MiB', async () => {
    const { s, stream } = session();
    const big = Buffer.alloc(400 * 1024, 1);
    void s.put('a', big);
    void s.put('b', big);
    void s.put('c', big);
    await turn();
    expect(stream.writes.map((w) => w.requests.length), 'expected 2 requests (800 KiB), then 1').toEqual([2, 1]);
  });

  it('fails every call in flight when the stream ends', async () => {
    const { s, stream } = session();
    const p = s.put('a', '1');
    await turn();
    stream.emit('end');
    await expect(p, 'expected UNAVAILABLE when the stream ended').rejects.toThrow(/session stream ended/);
    await expect(s.put('b', '2'), 'expected later calls to fail at once').rejects.toThrow(/session stream ended/);
  });
});
