// ReadIndex bookkeeping on the leader: each read request records the commit index at the time it
// arrived; once a majority answers a heartbeat carrying the request's key, the leader knows it was
// still the leader at that point and the read can be served at that index. Keys are assigned by
// the leader (a sequence number), so requests from different nodes never collide even when their
// contexts are equal.
import type { Message } from './types.js';

export interface ReadIndexStatus {
  request: Message;
  index: number;
  acks: Set<number>;
}

export class ReadOnly {
  private readonly pending = new Map<string, ReadIndexStatus>();
  private queue: string[] = [];
  private seq = 0;

  private static key(ctx: Buffer): string {
    return ctx.toString('latin1');
  }

  /** Records a request; returns the key to carry on the confirming heartbeat round. */
  addRequest(index: number, m: Message): Buffer {
    const key = Buffer.alloc(8);
    key.writeDoubleBE(++this.seq);
    const k = ReadOnly.key(key);
    this.pending.set(k, { request: m, index, acks: new Set() });
    this.queue.push(k);
    return key;
  }

  /** Records an ack of the round carrying `key`; returns the set of ackers, or null. */
  recvAck(id: number, key: Buffer): Set<number> | null {
    const s = this.pending.get(ReadOnly.key(key));
    if (!s) return null;
    s.acks.add(id);
    return s.acks;
  }

  /** Removes and returns every request up to and including the one with `key`. */
  advance(key: Buffer): ReadIndexStatus[] {
    const at = this.queue.indexOf(ReadOnly.key(key));
    if (at < 0) return [];
    const done = this.queue.slice(0, at + 1);
    this.queue = this.queue.slice(at + 1);
    const out: ReadIndexStatus[] = [];
    for (const k of done) {
      out.push(this.pending.get(k)!);
      this.pending.delete(k);
    }
    return out;
  }

  /** The key of the newest pending request (heartbeats carry it, so acks confirm every request). */
  lastPendingKey(): Buffer | null {
    if (this.queue.length === 0) return null;
    return Buffer.from(this.queue[this.queue.length - 1]!, 'latin1');
  }

  size(): number {
    return this.queue.length;
  }

  reset(): void {
    this.pending.clear();
    this.queue = [];
  }
}
