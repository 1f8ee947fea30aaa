// Batching of stream messages by event-loop turn, for both ends of the key/value Session: what is
// produced in one turn (the requests a program issues together, the answers of one applied Raft
// Ready) leaves as one message, so one encode and one HTTP/2 frame carry the whole batch.

/** Most bytes of items in one Session message (estimated; well under the 4 MiB gRPC limit). */
export const SESSION_MAX_BATCH_BYTES = 1024 * 1024;

export class TurnBatcher<T> {
  private items: T[] = [];
  private bytes = 0;
  private scheduled = false;

  constructor(
    private readonly send: (items: T[]) => void,
    private readonly maxBytes = SESSION_MAX_BATCH_BYTES,
  ) {}

  /** Adds an item of about `bytes` encoded bytes; what is pending goes first if it would not fit. */
  add(item: T, bytes: number): void {
    if (this.bytes + bytes > this.maxBytes) this.flush();
    this.items.push(item);
    this.bytes += bytes;
    if (!this.scheduled) {
      this.scheduled = true;
      // After the promise continuations of this turn: everything that completed with this item.
      process.nextTick(this.flush);
    }
  }

  /** Sends what is pending now (also called at the end of the turn). */
  readonly flush = (): void => {
    this.scheduled = false;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.bytes = 0;
    this.send(items);
  };
}
