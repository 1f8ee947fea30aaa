import { describe, expect, it } from 'vitest';

import type { Entry__Output } from '../../src/gen/baton/v1/Entry';
import type { Message, Message__Output } from '../../src/gen/baton/v1/Message';
import { decode, encode, lookupType, protoFiles } from '../../src/proto/load';

describe('src/proto/load', () => {
  it('finds the proto files', () => {
    expect(protoFiles()).toContain('baton/v1/raft.proto');
  });

  it('round-trips a baton.v1.Message with entries and a snapshot chunk', () => {
    const msg: Message = {
      type: 'MSG_SNAP',
      to: 2,
      from: 1,
      term: 7,
      logTerm: 6,
      index: 41,
      entries: [
        { term: 6, index: 41, type: 'ENTRY_NORMAL', data: new Uint8Array([1, 2, 3]) },
        { term: 7, index: 42, type: 'ENTRY_CONF_CHANGE', data: Buffer.from('cc') },
        { term: 7, index: 43 }, // all defaults
      ],
      commit: 40,
      reject: false,
      rejectHint: 0,
      context: Buffer.from('read-1'),
      snapshot: {
        metadata: { confState: { voters: [1, 2, 3], learners: [4] }, index: 40, term: 6 },
        offset: 1024,
        totalBytes: 2 ** 40, // well above 32 bits
        data: new Uint8Array(300).fill(0xab),
      },
    };

    const bytes = encode('baton.v1.Message', msg);
    expect(bytes).toBeInstanceOf(Uint8Array);

    // Decode from a plain Uint8Array (not a Buffer) at a non-zero offset into a larger buffer.
    const backing = new Uint8Array(bytes.length + 8);
    backing.set(bytes, 5);
    const input = backing.subarray(5, 5 + bytes.length);
    const out = decode<Message__Output>('baton.v1.Message', input);

    expect(out).toEqual({
      type: 'MSG_SNAP',
      to: 2,
      from: 1,
      term: 7,
      logTerm: 6,
      index: 41,
      entries: [
        { term: 6, index: 41, type: 'ENTRY_NORMAL', data: Buffer.from([1, 2, 3]) },
        { term: 7, index: 42, type: 'ENTRY_CONF_CHANGE', data: Buffer.from('cc') },
        { term: 7, index: 43, type: 'ENTRY_NORMAL', data: Buffer.alloc(0) },
      ],
      commit: 40,
      reject: false,
      rejectHint: 0,
      context: Buffer.from('read-1'),
      snapshot: {
        metadata: { confState: { voters: [1, 2, 3], learners: [4] }, index: 40, term: 6 },
        offset: 1024,
        totalBytes: 2 ** 40,
        data: Buffer.alloc(300, 0xab),
      },
    });

    // Runtime shapes match the generated __Output types: numbers for uint64, names for enums,
    // Buffers for bytes.
    expect(typeof out.term).toBe('number');
    expect(typeof out.snapshot?.totalBytes).toBe('number');
    expect(typeof out.type).toBe('string');
    expect(Buffer.isBuffer(out.context)).toBe(true);
    expect(out.entries.every((e: Entry__Output) => Buffer.isBuffer(e.data))).toBe(true);
    expect(Buffer.isBuffer(out.snapshot?.data)).toBe(true);

    // Decoded bytes do not alias the input.
    backing.fill(0);
    expect(out.snapshot?.data).toEqual(Buffer.alloc(300, 0xab));
  });

  it('fills defaults for an empty message', () => {
    const out = decode<Message__Output>('baton.v1.Message', new Uint8Array(0));
    expect(out).toEqual({
      type: 'MSG_NONE',
      to: 0,
      from: 0,
      term: 0,
      logTerm: 0,
      index: 0,
      entries: [],
      commit: 0,
      reject: false,
      rejectHint: 0,
      context: Buffer.alloc(0),
      snapshot: null,
    });
    expect(Buffer.isBuffer(out.context)).toBe(true);
  });

  it('accepts numeric enum values and encodes them like their names', () => {
    const byName = encode('baton.v1.Entry', { type: 'ENTRY_CONF_CHANGE', index: 1 });
    const byNumber = encode('baton.v1.Entry', { type: 1, index: 1 });
    expect(Buffer.from(byNumber).equals(Buffer.from(byName))).toBe(true);
  });

  it('throws for an unknown type name', () => {
    expect(() => lookupType('baton.v1.NoSuchType')).toThrow();
  });
});
