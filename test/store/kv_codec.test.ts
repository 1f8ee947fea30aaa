import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupType } from '../../src/proto/load.js';
import { encodeKeyValues } from '../../src/store/kv_codec.js';
import type { KeyValue } from '../../src/store/types.js';

const uint = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
const kv: fc.Arbitrary<KeyValue> = fc.record({
  key: fc.string({ unit: 'grapheme', maxLength: 20 }),
  value: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  createRevision: uint,
  modRevision: uint,
  version: uint,
});

describe('encodeKeyValues', () => {
  it('writes exactly what protobufjs writes for `repeated KeyValue kvs = 2` of a StoreSnapshot', () => {
    const T = lookupType('baton.v1.StoreSnapshot');
    fc.assert(
      fc.property(fc.array(kv, { maxLength: 30 }), (kvs) => {
        const ours = encodeKeyValues(kvs, 2);
        const theirs = Buffer.from(T.encode(T.fromObject({ kvs })).finish());
        expect(ours.equals(theirs)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses revisions that are not unsigned integers', () => {
    const bad = { key: 'k', value: Buffer.alloc(0), createRevision: -1, modRevision: 1, version: 1 };
    expect(() => encodeKeyValues([bad], 2)).toThrow(/createRevision/);
  });
});
