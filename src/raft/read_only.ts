// ReadIndex bookkeeping on the leader: each read request records the commit index at the time it
// arrived; once a majority answers a heartbeat carrying the request's context, the leader knows it
// was still the leader at that point and the read can be served at that index.
import type { Message } from './types.js';

export interface ReadIndexStatus {
  request: Message;
  index: number;
  acks: Set<number>;
}

export class ReadOnly {
  private readonly pending = new Map<string, ReadIndexStatus>();
  private queue: string[] = [];

  static key(ctx: Buffer): string {
    return ctx.toString('latin1');
  }

  addRequest(index: number, m: Message): void {
    const key = ReadOnly.key(m.context);
    if (this.pending.has(key)) return;
    this.pending.set(key, { request: m, index, acks: new Set() });
    this.queue.push(key);
  }

  /** Records an ack of the request with context ctx; returns the set of ackers, or null. */
  recvAck(id: number, ctx: Buffer): Set<number> | null {
    const s = this.pending.get(ReadOnly.key(ctx));
    if (!s) return null;
    s.acks.add(id);
    return s.acks;
  }

  /** Removes and returns every request up to and including the one with context ctx. */
  advance(ctx: Buffer): ReadIndexStatus[] {
    const key = ReadOnly.key(ctx);
    const at = this.queue.indexOf(key);
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

  lastPendingContext(): Buffer | null {
    if (this.queue.length === 0) return null;
    return this.pending.get(this.queue[this.queue.length - 1]!)!.request.context;
  }

  size(): number {
    return this.queue.length;
  }

  reset(): void {
    this.pending.clear();
    this.queue = [];
  }
}
