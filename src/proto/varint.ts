// Protobuf base-128 varints for the hand-written codecs (src/raft/entry_codec.ts,
// src/store/kv_codec.ts). Numbers up to 2^53: division, not bit shifts, which stop at 32 bits.

export function varintLength(n: number): number {
  let len = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

/** Writes `n` at offset `o` of `b`; returns the offset after it. */
export function writeVarint(b: Buffer, o: number, n: number): number {
  while (n >= 128) {
    b[o++] = (n % 128) | 128;
    n = Math.floor(n / 128);
  }
  b[o++] = n;
  return o;
}

/** Reads a varint at offset `o` of `b`: its value and the offset after it. */
export function readVarint(b: Uint8Array, o: number): [value: number, next: number] {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 8; i++) {
    if (o >= b.length) throw new Error('truncated varint');
    const byte = b[o++]!;
    v += (byte & 0x7f) * mul;
    if (byte < 0x80) return [v, o];
    mul *= 128;
  }
  throw new Error('varint too long');
}
