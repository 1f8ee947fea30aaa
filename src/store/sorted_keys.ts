// An ordered set of strings for the key/value store's Range: a list of sorted chunks (the design of
// Python's sortedcontainers). Adding or removing a key costs a binary search over the chunks' last
// keys, one inside the chunk, and a splice of at most CHUNK_MAX elements: O(log n + CHUNK_MAX),
// instead of the O(n) memmove of inserting into one sorted array (which made every write to a
// store of 200,000 keys cost ~0.3 ms). Iteration in order from any key stays cheap.
//
// Strings compare with `<` (UTF-16 code units), like the rest of the store.

/** A chunk is split in two when it grows beyond this. */
const CHUNK_MAX = 1024;
/** A chunk this small is merged into its neighbour. */
const CHUNK_MIN = 128;

export class SortedKeys {
  /** Non-empty sorted chunks; every key of chunks[i] < every key of chunks[i+1]. */
  private chunks: string[][] = [];
  /** maxes[i] = the last key of chunks[i]. */
  private maxes: string[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `key` (no-op if present). Returns whether it was added. */
  add(key: string): boolean {
    if (this.chunks.length === 0) {
      this.chunks.push([key]);
      this.maxes.push(key);
      this.count = 1;
      return true;
    }
    let c = lowerBound(this.maxes, key);
    if (c === this.chunks.length) {
      // Beyond every key: append to the last chunk (the common case for increasing keys).
      c--;
      const chunk = this.chunks[c]!;
      chunk.push(key);
      this.maxes[c] = key;
    } else {
      const chunk = this.chunks[c]!;
      const i = lowerBound(chunk, key);
      if (chunk[i] === key) return false;
      chunk.splice(i, 0, key);
    }
    this.count++;
    if (this.chunks[c]!.length > CHUNK_MAX) this.split(c);
    return true;
  }

  /** Removes `key`. Returns whether it was present. */
  delete(key: string): boolean {
    const c = lowerBound(this.maxes, key);
    if (c === this.chunks.length) return false;
    const chunk = this.chunks[c]!;
    const i = lowerBound(chunk, key);
    if (chunk[i] !== key) return false;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) {
      this.chunks.splice(c, 1);
      this.maxes.splice(c, 1);
      return true;
    }
    if (i === chunk.length) this.maxes[c] = chunk[chunk.length - 1]!;
    if (chunk.length < CHUNK_MIN && this.chunks.length > 1) this.mergeWithNeighbour(c);
    return true;
  }

  has(key: string): boolean {
    const c = lowerBound(this.maxes, key);
    if (c === this.chunks.length) return false;
    const chunk = this.chunks[c]!;
    return chunk[lowerBound(chunk, key)] === key;
  }

  clear(): void {
    this.chunks = [];
    this.maxes = [];
    this.count = 0;
  }

  /** Replaces the content with `keys` (any order, duplicates dropped). */
  reset(keys: Iterable<string>): void {
    const sorted = [...keys].sort();
    const uniq: string[] = [];
    for (const k of sorted) if (uniq.length === 0 || uniq[uniq.length - 1] !== k) uniq.push(k);
    this.clear();
    const size = CHUNK_MAX >>> 1;
    for (let i = 0; i < uniq.length; i += size) {
      const chunk = uniq.slice(i, i + size);
      this.chunks.push(chunk);
      this.maxes.push(chunk[chunk.length - 1]!);
    }
    this.count = uniq.length;
  }

  /** The keys >= `from`, in order (all keys without `from`). Do not add or delete while iterating. */
  *from(from = ''): IterableIterator<string> {
    let c = lowerBound(this.maxes, from);
    if (c === this.chunks.length) return;
    let i = lowerBound(this.chunks[c]!, from);
    for (; c < this.chunks.length; c++, i = 0) {
      const chunk = this.chunks[c]!;
      for (; i < chunk.length; i++) yield chunk[i]!;
    }
  }

  /** Every key, in order. */
  toArray(): string[] {
    return ([] as string[]).concat(...this.chunks);
  }

  private split(c: number): void {
    const chunk = this.chunks[c]!;
    const half = chunk.length >>> 1;
    const right = chunk.splice(half);
    this.chunks.splice(c + 1, 0, right);
    this.maxes.splice(c, 0, chunk[chunk.length - 1]!);
    // maxes[c + 1] is still the last key of `right`.
  }

  private mergeWithNeighbour(c: number): void {
    // Merge chunk c into its left neighbour if there is one, else the right one into c.
    const l = c > 0 ? c - 1 : c;
    const left = this.chunks[l]!;
    const right = this.chunks[l + 1]!;
    for (const k of right) left.push(k);
    this.chunks.splice(l + 1, 1);
    this.maxes.splice(l, 1);
    // maxes[l] is now the former maxes[l + 1], the last key of the merged chunk.
    if (left.length > CHUNK_MAX) this.split(l);
  }

  /** Checks the invariants (tests). */
  check(): void {
    if (this.chunks.length !== this.maxes.length) throw new Error('chunks and maxes differ in length');
    let n = 0;
    let prev: string | null = null;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      if (chunk.length === 0) throw new Error(`chunk ${c} is empty`);
      if (chunk.length > CHUNK_MAX) throw new Error(`chunk ${c} has ${chunk.length} keys`);
      if (this.maxes[c] !== chunk[chunk.length - 1]) throw new Error(`maxes[${c}] is not the last key of its chunk`);
      for (const k of chunk) {
        if (prev !== null && !(prev < k)) throw new Error(`keys out of order: ${prev} then ${k}`);
        prev = k;
        n++;
      }
    }
    if (n !== this.count) throw new Error(`count ${this.count}, ${n} keys`);
  }
}

/** The first index whose element is >= x. */
export function lowerBound(a: readonly string[], x: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
