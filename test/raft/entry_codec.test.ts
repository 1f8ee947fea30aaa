import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/proto/load.js';
import { decodeEntryRun, encodeEntry, encodeEntryRun } from '../../src/raft/entry_codec.js';
import type { Entry } from '../../src/raft/types.js';

const uint = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
const entry: fc.Arbitrary<Entry> = fc.record({
  term: uint,
  index: uint,
  type: fc.constantFrom('ENTRY_NORMAL' as const, 'ENTRY_CONF_CHANGE' as const),
  data: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
});

describe('entry codec', () => {
  it('encodes an entry exactly as protobufjs does', () => {
    fc.assert(
      fc.property(entry, (e) => {
        expect(encodeEntry(e).equals(Buffer.from(encode('baton.v1.Entry', e)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a run decodes to the same entries, after any header room', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), fc.integer({ min: 0, max: 8 }), (ents, header) => {
        const b = encodeEntryRun(ents, header);
        const got = decodeEntryRun(b.subarray(header));
        expect(got).toEqual(ents.map((e) => decode<Entry>('baton.v1.Entry', encode('baton.v1.Entry', e))));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects truncated or padded runs and bad numbers', () => {
    const run = encodeEntryRun([{ term: 1, index: 2, type: 'ENTRY_NORMAL', data: Buffer.from('abc') }]);
    expect(() => decodeEntryRun(run.subarray(0, run.length - 1))).toThrow(/truncated/);
    expect(() => decodeEntryRun(Buffer.concat([run, Buffer.of(0)]))).toThrow(/after the last entry/);
    expect(() => encodeEntry({ term: -1, index: 1, type: 'ENTRY_NORMAL', data: Buffer.alloc(0) })).toThrow(/term/);
  });
});
