import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { batchStreamWrites } from '../../src/api/stream_batching.js';

/** Shaped like grpc-js's ServerDuplexStreamImpl: _write hands the message to call.sendMessage. */
class FakeServerStream extends Duplex {
  /** Messages per socket write, as the fake HTTP/2 layer saw them. */
  readonly writes: unknown[][] = [];
  private pending: unknown[] = [];
  private flushScheduled = false;
  readonly call = {
    sendMessage: (m: unknown, cb: () => void) => {
      // Like HTTP/2: messages handed over in one turn leave in one write, which completes later.
      this.pending.push(m);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          this.writes.push(this.pending);
          this.pending = [];
        });
      }
      setImmediate(cb);
    },
  };
  constructor() {
    super({ objectMode: true });
  }
  override _read(): void {}
  override _write(chunk: unknown, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.call.sendMessage(chunk, cb);
  }
}

const turn = () => new Promise((r) => setImmediate(r));

describe('batchStreamWrites', () => {
  it('sends answers completed in one turn together, in order, after a first message alone', async () => {
    const s = new FakeServerStream();
    const send = batchStreamWrites<number>(s);
    send(0);
    await turn();
    await turn();
    // 100 answers completing in one turn (promise continuations), then 50 in a later one.
    await Promise.all(Array.from({ length: 100 }, (_, i) => Promise.resolve().then(() => send(1 + i))));
    for (let t = 0; t < 5; t++) await turn();
    await Promise.all(Array.from({ length: 50 }, (_, i) => Promise.resolve().then(() => send(101 + i))));
    for (let t = 0; t < 5; t++) await turn();
    expect(s.writes.flat(), 'every message, in order').toEqual(Array.from({ length: 151 }, (_, i) => i));
    expect(s.writes.map((w) => w.length), 'one write per turn').toEqual([1, 100, 50]);
  });

  it('falls back to plain writes on a stream without the grpc-js shape', async () => {
    const got: unknown[] = [];
    const plain = new Duplex({
      objectMode: true,
      read() {},
      write(chunk, _enc, cb) {
        got.push(chunk);
        cb();
      },
    });
    const send = batchStreamWrites<string>(plain);
    send('a');
    send('b');
    await turn();
    expect(got).toEqual(['a', 'b']);
  });

  it('end() after batched writes flushes them first', async () => {
    const s = new FakeServerStream();
    const send = batchStreamWrites<number>(s);
    send(0);
    await turn();
    await turn();
    send(1);
    send(2);
    s.end();
    for (let t = 0; t < 5; t++) await turn();
    expect(s.writes.flat()).toEqual([0, 1, 2]);
  });
});
