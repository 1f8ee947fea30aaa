// A hand-written protobuf encoder for the bulk of a store snapshot: `repeated KeyValue` (see
// proto/baton/v1/kv.proto). protobufjs's fromObject + encode costs ~10x more per key (it builds a
// message object per key and a linked list of write operations); a snapshot of 200,000 keys took
// over a second to encode that way. The output is byte for byte what protobufjs writes for the
// same field (test/store/kv_codec.test.ts checks that), so a snapshot is still decoded by
// protobufjs: protobuf lets a message be encoded in pieces and concatenated (repeated fields
// append), which is what the store's snapshot does, one slice of keys at a time.
import type { KeyValue } from './types.js';
import { varintLength, writeVarint } from '../proto/varint.js';

const MAX_UINT64_SAFE = Number.MAX_SAFE_INTEGER;

function checkUint(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_UINT64_SAFE) throw new Error(`KeyValue ${what} is not an unsigned integer: ${n}`);
}

/**
 * Encodes `kvs` as the repeated field number `field` (length-delimited KeyValue messages) of the
 * enclosing message: the bytes protobufjs writes for `{ [name]: kvs }` of that message.
 */
export function encodeKeyValues(kvs: readonly KeyValue[], field: number): Buffer {
  const n = kvs.length;
  const keyLens = new Int32Array(n);
  const msgLens = new Int32Array(n);
  const tag = (field << 3) | 2;
  const tagLen = varintLength(tag);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const kv = kvs[i]!;
    checkUint(kv.createRevision, 'createRevision');
    checkUint(kv.modRevision, 'modRevision');
    checkUint(kv.version, 'version');
    const k = Buffer.byteLength(kv.key, 'utf8');
    const v = kv.value.length;
    // Like protobufjs, every field is written, defaults included.
    const m = 1 + varintLength(k) + k + 1 + varintLength(v) + v + 3 + varintLength(kv.createRevision) + varintLength(kv.modRevision) + varintLength(kv.version);
    keyLens[i] = k;
    msgLens[i] = m;
    size += tagLen + varintLength(m) + m;
  }
  const b = Buffer.allocUnsafe(size);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const kv = kvs[i]!;
    o = writeVarint(b, o, tag);
    o = writeVarint(b, o, msgLens[i]!);
    const k = keyLens[i]!;
    b[o++] = 0x0a; // 1: key
    o = writeVarint(b, o, k);
    if (k > 0) o += b.write(kv.key, o, k, 'utf8');
    const v = kv.value.length;
    b[o++] = 0x12; // 2: value
    o = writeVarint(b, o, v);
    b.set(kv.value, o);
    o += v;
    b[o++] = 0x18; // 3: create_revision
    o = writeVarint(b, o, kv.createRevision);
    b[o++] = 0x20; // 4: mod_revision
    o = writeVarint(b, o, kv.modRevision);
    b[o++] = 0x28; // 5: version
    o = writeVarint(b, o, kv.version);
  }
  if (o !== size) throw new Error(`encodeKeyValues: wrote ${o} bytes, expected ${size}`);
  return b;
}
