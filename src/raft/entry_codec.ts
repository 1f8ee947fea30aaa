// Hand-written protobuf encoding of log entries (baton.v1.Entry in proto/baton/v1/raft.proto) and
// of the runs of entries DiskStorage writes as one record.
//
// encodeEntry() writes the bytes protobufjs writes for the same entry (every field, defaults
// included; test/raft/entry_codec.test.ts checks it) at a fraction of the cost: protobufjs's
// fromObject + encode builds a message object and a list of write operations per entry.
//
// A run: varint(count), then for each entry varint(length) and the encoded Entry.
import { decode } from '../proto/load.js';
import type { Entry } from './types.js';
import { readVarint, varintLength, writeVarint } from '../proto/varint.js';

function typeNumber(t: Entry['type']): number {
  if (t === 'ENTRY_NORMAL' || (t as unknown) === 0) return 0;
  if (t === 'ENTRY_CONF_CHANGE' || (t as unknown) === 1) return 1;
  throw new Error(`unknown entry type ${String(t)}`);
}

function checkUint(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`entry ${what} is not an unsigned integer: ${n}`);
}

function entryLength(e: Entry): number {
  return 4 + varintLength(e.term) + varintLength(e.index) + varintLength(typeNumber(e.type)) + varintLength(e.data.length) + e.data.length;
}

function writeEntry(b: Buffer, o: number, e: Entry): number {
  b[o++] = 0x08; // 1: term
  o = writeVarint(b, o, e.term);
  b[o++] = 0x10; // 2: index
  o = writeVarint(b, o, e.index);
  b[o++] = 0x18; // 3: type
  o = writeVarint(b, o, typeNumber(e.type));
  b[o++] = 0x22; // 4: data
  o = writeVarint(b, o, e.data.length);
  b.set(e.data, o);
  return o + e.data.length;
}

/** One entry as baton.v1.Entry bytes. */
export function encodeEntry(e: Entry): Buffer {
  checkUint(e.term, 'term');
  checkUint(e.index, 'index');
  const b = Buffer.allocUnsafe(entryLength(e));
  const end = writeEntry(b, 0, e);
  if (end !== b.length) throw new Error(`encodeEntry: wrote ${end} bytes, expected ${b.length}`);
  return b;
}

/**
 * Entries as a run, written after `headerBytes` bytes left for the caller (DiskStorage's record
 * header), in one allocation.
 */
export function encodeEntryRun(ents: readonly Entry[], headerBytes = 0): Buffer {
  let size = headerBytes + varintLength(ents.length);
  const lens = new Int32Array(ents.length);
  for (let i = 0; i < ents.length; i++) {
    const e = ents[i]!;
    checkUint(e.term, 'term');
    checkUint(e.index, 'index');
    const n = entryLength(e);
    lens[i] = n;
    size += varintLength(n) + n;
  }
  const b = Buffer.allocUnsafe(size);
  let o = writeVarint(b, headerBytes, ents.length);
  for (let i = 0; i < ents.length; i++) {
    o = writeVarint(b, o, lens[i]!);
    o = writeEntry(b, o, ents[i]!);
  }
  if (o !== size) throw new Error(`encodeEntryRun: wrote ${o} bytes, expected ${size}`);
  return b;
}

/** The entries of a run (throws on malformed input). */
export function decodeEntryRun(payload: Uint8Array): Entry[] {
  let [count, o] = readVarint(payload, 0);
  const out: Entry[] = [];
  while (count-- > 0) {
    let len: number;
    [len, o] = readVarint(payload, o);
    if (o + len > payload.length) throw new Error(`entry ${out.length} of the run is truncated`);
    out.push(decode<Entry>('baton.v1.Entry', payload.subarray(o, o + len)));
    o += len;
  }
  if (o !== payload.length) throw new Error(`${payload.length - o} bytes after the last entry of the run`);
  return out;
}
