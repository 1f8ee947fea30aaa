// The chaos history format: the recorder, validation, JSON and JSON lines.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import {
  HistoryFormatError,
  HistoryRecorder,
  type History,
  type Operation,
  describeOp,
  historyProblems,
  historyToJson,
  historyToJsonLines,
  loadHistory,
  makeHistory,
  parseHistory,
  saveHistory,
} from '../../deploy/chaos/history.js';

const dir = mkdtempSync(join(tmpdir(), 'baton-chaos-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A recorder on a clock that advances 1 ms per reading. */
function recorder(): HistoryRecorder {
  let t = 0;
  return new HistoryRecorder({ now: () => t++, meta: { seed: 7 } });
}

function sample(): History {
  const rec = recorder();
  rec.write('c1', 'k', 'a').ok();
  rec.read('c2', 'k').ok('a', 1);
  rec.cas('c1', 'k', 'a', 'b').ok(true);
  rec.casVersion('c2', 'k', 0, 'x').ok(false);
  rec.delete('c1', 'k').ok(true);
  rec.read(3, 'k').ok(null);
  rec.write('c1', 'k', 'late').unknown();
  rec.write('c2', 'k', 'bad').fail();
  rec.cas('c2', 'k', null, null); // still in flight
  return rec.history();
}

describe('HistoryRecorder', () => {
  it('records ids, times, outcomes and outputs', () => {
    const h = sample();
    expect(h.meta, 'expected the meta to be kept').toEqual({ seed: 7 });
    expect(h.ops.map((o) => o.id), 'expected ids 0..8 in invocation order').toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(h.ops[0], 'expected the write with its interval').toEqual({ id: 0, client: 'c1', key: 'k', kind: 'write', input: 'a', invokeMs: 0, completeMs: 1, outcome: 'ok' });
    expect(h.ops[1], 'expected the read with its value and version').toMatchObject({ kind: 'read', output: 'a', version: 1, outcome: 'ok' });
    expect(h.ops[2], 'expected the CAS with its input and succeeded').toMatchObject({ kind: 'cas', input: { expected: 'a', value: 'b' }, output: true });
    expect(h.ops[3], 'expected the version CAS').toMatchObject({ kind: 'cas', input: { expectedVersion: 0, value: 'x' }, output: false });
    expect(h.ops[4], 'expected the delete with deleted').toMatchObject({ kind: 'delete', output: true });
    expect(h.ops[5], 'expected a read of an absent key to record null').toMatchObject({ kind: 'read', output: null, client: 3 });
    expect(h.ops[6], 'expected the unknown write to keep its give-up time').toMatchObject({ outcome: 'unknown', completeMs: 13 });
    expect(h.ops[7], 'expected the failed write').toMatchObject({ outcome: 'fail' });
    expect(h.ops[8], 'expected an operation still in flight to be unknown with completeMs null').toMatchObject({ outcome: 'unknown', completeMs: null });
    expect(historyProblems(h), 'expected the recorded history to be valid').toEqual([]);
  });

  it('refuses to complete an operation twice, and bad outputs', () => {
    const rec = recorder();
    const w = rec.write(1, 'k', 'a');
    w.ok();
    expect(() => w.fail(), 'expected a second completion to throw').toThrow(/already completed/);
    expect(() => rec.read(1, 'k').ok(5 as unknown as string), 'expected a non-string read value to throw').toThrow(/expects the value read/);
    expect(() => rec.cas(1, 'k', 'a', 'b').ok('yes' as unknown as boolean), 'expected a non-boolean CAS output to throw').toThrow(/expects succeeded/);
  });

  it('counts operations in flight and returns copies', () => {
    const rec = recorder();
    const r = rec.read(1, 'k');
    expect(rec.inFlight, 'expected one operation in flight').toBe(1);
    const before = rec.history();
    r.ok('v');
    expect(rec.inFlight, 'expected none in flight after ok').toBe(0);
    expect(before.ops[0], 'expected an earlier snapshot not to change').toMatchObject({ outcome: 'unknown', completeMs: null });
    expect(rec.history().ops[0], 'expected the new snapshot to have the answer').toMatchObject({ outcome: 'ok', output: 'v' });
  });

  it('accepts a generic invoke', () => {
    const rec = recorder();
    const h = rec.invoke({ client: 1, key: 'k', kind: 'cas', input: { expectedVersion: 3, value: null } });
    h.ok(true);
    expect(rec.history().ops[0], 'expected a CAS-delete on version 3').toMatchObject({ kind: 'cas', input: { expectedVersion: 3, value: null }, output: true });
  });
});

describe('JSON', () => {
  it('round-trips as one document and as JSON lines', () => {
    const h = sample();
    expect(parseHistory(historyToJson(h)), 'expected the JSON document to round-trip').toEqual(h);
    expect(parseHistory(historyToJsonLines(h)), 'expected JSON lines to round-trip').toEqual(h);
    expect(historyToJsonLines(h).trim().split('\n').length, 'expected a header line and one line per op').toBe(h.ops.length + 1);
  });

  it('saves and loads files, choosing the format by extension', () => {
    const h = sample();
    const json = join(dir, 'h.json');
    const lines = join(dir, 'h.jsonl');
    saveHistory(json, h);
    saveHistory(lines, h);
    expect(JSON.parse(readFileSync(json, 'utf8')).ops.length, 'expected .json to hold one document').toBe(h.ops.length);
    expect(readFileSync(lines, 'utf8').split('\n')[1], 'expected .jsonl to hold one op per line').toBe(JSON.stringify(h.ops[0]));
    expect(loadHistory(json), 'expected the document to load back').toEqual(h);
    expect(loadHistory(lines), 'expected the lines to load back').toEqual(h);
  });

  it('accepts a bare array, a lone op line, and no header', () => {
    const op: Operation = { id: 1, client: 1, key: 'k', kind: 'write', input: 'a', invokeMs: 0, completeMs: 1, outcome: 'ok' };
    expect(parseHistory(JSON.stringify([op])).ops, 'expected a bare array of ops').toEqual([op]);
    expect(parseHistory(JSON.stringify(op)).ops, 'expected a single op line').toEqual([op]);
    expect(parseHistory(`${JSON.stringify(op)}\n${JSON.stringify({ ...op, id: 2 })}\n`).ops.length, 'expected two op lines').toBe(2);
    expect(parseHistory(historyToJson(makeHistory([]))).ops, 'expected an empty history').toEqual([]);
  });

  it('rejects malformed histories, naming every problem', () => {
    const bad = [
      { id: 1, client: 1, key: 'k', kind: 'write', input: 'a', invokeMs: 5, completeMs: 1, outcome: 'ok' },
      { id: 1, client: 1, key: 'k', kind: 'read', invokeMs: 0, completeMs: null, outcome: 'ok', output: 'a' },
      { id: 3, client: 1, key: 'k', kind: 'cas', input: { expected: 'a', expectedVersion: 1, value: 'b' }, invokeMs: 0, completeMs: 1, outcome: 'ok', output: true },
      { id: 4, client: 1, key: 'k', kind: 'cas', input: { expected: 'a', value: 'b' }, invokeMs: 0, completeMs: 1, outcome: 'ok' },
      { id: 5, client: 1, key: 'k', kind: 'frob', invokeMs: 0, completeMs: 1, outcome: 'ok' },
      { id: 6, client: 1, key: 'k', kind: 'read', invokeMs: 0, completeMs: 1, outcome: 'maybe' },
    ];
    let err: unknown;
    try {
      parseHistory(JSON.stringify(bad));
    } catch (e) {
      err = e;
    }
    expect(err, 'expected a HistoryFormatError').toBeInstanceOf(HistoryFormatError);
    const problems = (err as HistoryFormatError).problems;
    for (const want of [
      /operation 1: completeMs 1 is before invokeMs 5/,
      /operation 1: an 'ok' operation needs completeMs/,
      /operation 1: duplicate id/,
      /operation 3: cas input needs exactly one of expected and expectedVersion/,
      /operation 4: an ok cas needs output/,
      /operation 5: kind must be/,
      /operation 6: outcome must be/,
    ]) {
      expect(problems.some((p) => want.test(p)), `expected a problem matching ${want} among ${JSON.stringify(problems)}`).toBe(true);
    }
  });

  it('rejects another format or version, and lines that are not JSON', () => {
    expect(() => parseHistory(JSON.stringify({ format: 'other', version: 1, ops: [] })), 'expected a foreign format to be rejected').toThrow(/format/);
    expect(() => parseHistory(JSON.stringify({ format: 'baton-chaos-history', version: 2, ops: [] })), 'expected version 2 to be rejected').toThrow(/version/);
    expect(() => parseHistory('{"format":"baton-chaos-history","version":1}\nnot json\n'), 'expected a bad line to be named').toThrow(/line 2: not JSON/);
  });
});

describe('describeOp', () => {
  it('describes each kind on one line', () => {
    const h = sample();
    expect(h.ops.map(describeOp), 'expected one readable line per operation').toEqual([
      '#0 client c1 write "a" [0, 1] ok',
      '#1 client c2 read → "a" (version 1) [2, 3] ok',
      '#2 client c1 cas "a" → "b" succeeded [4, 5] ok',
      '#3 client c2 cas version 0 → "x" failed [6, 7] ok',
      '#4 client c1 delete (deleted) [8, 9] ok',
      '#5 client 3 read → absent [10, 11] ok',
      '#6 client c1 write "late" [12, ∞] unknown',
      '#7 client c2 write "bad" [14, 15] fail',
      '#8 client c2 cas absent → delete [16, ∞] unknown',
    ]);
  });
});
