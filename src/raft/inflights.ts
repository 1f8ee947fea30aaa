// Flow control for one follower: the appends sent but not yet acknowledged, bounded in count and
// in bytes. Each element is the last index of one MSG_APP and the size of its entries.
export class Inflights {
  private readonly indexes: number[] = [];
  private readonly sizes: number[] = [];
  private head = 0; // position of the oldest element in the arrays (they are compacted lazily)
  private bytes = 0;

  constructor(
    readonly maxCount: number,
    readonly maxBytes: number,
  ) {}

  count(): number {
    return this.indexes.length - this.head;
  }

  full(): boolean {
    return this.count() >= this.maxCount || (this.maxBytes > 0 && this.bytes >= this.maxBytes);
  }

  add(index: number, sizeBytes: number): void {
    if (this.full()) throw new Error('cannot add to full inflights');
    this.indexes.push(index);
    this.sizes.push(sizeBytes);
    this.bytes += sizeBytes;
  }

  /** Frees every inflight append whose last index is <= `to` (they were acknowledged). */
  freeLE(to: number): void {
    while (this.head < this.indexes.length && this.indexes[this.head]! <= to) {
      this.bytes -= this.sizes[this.head]!;
      this.head++;
    }
    if (this.head > 64 && this.head * 2 > this.indexes.length) {
      this.indexes.splice(0, this.head);
      this.sizes.splice(0, this.head);
      this.head = 0;
    }
  }

  freeFirstOne(): void {
    if (this.count() > 0) this.freeLE(this.indexes[this.head]!);
  }

  reset(): void {
    this.indexes.length = 0;
    this.sizes.length = 0;
    this.head = 0;
    this.bytes = 0;
  }
}
