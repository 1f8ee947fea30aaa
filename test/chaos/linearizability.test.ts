// The linearizability checker of deploy/chaos: hand-written histories with a known verdict, and
// properties (random linearizable executions pass, the same with one read corrupted fail, and on
// small random histories the checker agrees with a brute-force search over all orders).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { CasInput, Operation, Outcome } from '../../deploy/chaos/history.js';
import { type CheckResult, type KeyResult, checkHistory, checkKey } from '../../deploy/chaos/linearizability.js';
import { syntheticHistory } from './synthetic.js';

// ------------------------------------------------------------------ building histories

type Span = [invokeMs: number, completeMs: number | null];

/** Builds operations with increasing ids; key 'x' unless told. */
class H {
  readonly ops: Operation[] = [];
  private id = 0;

  private add(o: Omit<Operation, 'id'>): number {
    const op = { ...o, id: this.id++ } as Operation;
    this.ops.push(op);
    return op.id;
  }

  write(client: number, value: string, [invokeMs, completeMs]: Span, outcome: Outcome = 'ok', key = 'x'): number {
    return this.add({ client, key, kind: 'write', input: value, invokeMs, completeMs, outcome });
  }

  read(client: number, output: string | null, [invokeMs, completeMs]: Span, opts: { version?: number; key?: string; outcome?: Outcome } = {}): number {
    const outcome = opts.outcome ?? 'ok';
    return this.add({
      client,
      key: opts.key ?? 'x',
      kind: 'read',
      invokeMs,
      completeMs,
      outcome,
      ...(outcome === 'ok' ? { output } : {}),
      ...(opts.version !== undefined ? { version: opts.version } : {}),
    } as Omit<Operation, 'id'>);
  }

  cas(client: number, expected: string | null, value: string | null, succeeded: boolean | null, [invokeMs, completeMs]: Span, outcome: Outcome = 'ok', key = 'x'): number {
    return this.casInput(client, { expected, value }, succeeded, [invokeMs, completeMs], outcome, key);
  }

  casVersion(client: number, expectedVersion: number, value: string | null, succeeded: boolean | null, span: Span, outcome: Outcome = 'ok', key = 'x'): number {
    return this.casInput(client, { expectedVersion, value }, succeeded, span, outcome, key);
  }

  private casInput(client: number, input: CasInput, succeeded: boolean | null, [invokeMs, completeMs]: Span, outcome: Outcome, key: string): number {
    return this.add({ client, key, kind: 'cas', input, invokeMs, completeMs, outcome, ...(outcome === 'ok' ? { output: succeeded ?? false } : {}) });
  }

  del(client: number, deleted: boolean | undefined, [invokeMs, completeMs]: Span, outcome: Outcome = 'ok', key = 'x'): number {
    return this.add({ client, key, kind: 'delete', invokeMs, completeMs, outcome, ...(deleted !== undefined && outcome === 'ok' ? { output: deleted } : {}) });
  }
}

const only = (r: CheckResult): KeyResult => {
  expect(r.keys.length, 'expected exactly one key in the result').toBe(1);
  return r.keys[0]!;
};

function expectOk(h: H, what: string): KeyResult {
  const r = checkHistory(h.ops);
  const k = only(r);
  expect(k.verdict, `expected ${what} to be linearizable; got ${k.verdict}: ${k.violation?.message ?? k.reason ?? ''}`).toBe('ok');
  expect(r.ok, 'expected the overall verdict ok').toBe(true);
  return k;
}

function expectViolation(h: H, what: string): KeyResult {
  const r = checkHistory(h.ops);
  const k = only(r);
  expect(k.verdict, `expected ${what} to be a violation; got ${k.verdict} (linearization ${JSON.stringify(k.linearization)})`).toBe('violation');
  expect(r.ok, 'expected the overall verdict not ok').toBe(false);
  expect(k.violation, 'expected an explanation of the violation').toBeDefined();
  return k;
}

// ------------------------------------------------------------------ linearizable histories

describe('linearizable histories', () => {
  it('a sequential history of writes, reads, CAS (hit and miss) and delete', () => {
    const h = new H();
    h.read(1, null, [0, 1]);
    h.write(1, 'a', [2, 3]);
    h.read(1, 'a', [4, 5]);
    h.cas(1, 'a', 'b', true, [6, 7]);
    h.cas(1, 'a', 'c', false, [8, 9]);
    h.read(1, 'b', [10, 11]);
    h.del(1, true, [12, 13]);
    h.read(1, null, [14, 15]);
    h.del(1, false, [16, 17]);
    h.cas(1, null, 'd', true, [18, 19]);
    h.read(1, 'd', [20, 21]);
    const k = expectOk(h, 'a sequential history');
    expect(k.linearization, 'expected the witness to be the sequential order').toEqual(h.ops.map((o) => o.id));
    expect(k.checkedOps, 'expected every operation to be checked').toBe(h.ops.length);
  });

  it('concurrent overlapping writes, then reads that agree on either one', () => {
    for (const winner of ['a', 'b']) {
      const h = new H();
      h.write(1, 'a', [0, 10]);
      h.write(2, 'b', [1, 9]);
      h.read(3, winner === 'a' ? 'b' : 'a', [2, 8]); // during both writes: sees the one that lost
      h.read(3, winner, [11, 12]);
      h.read(4, winner, [13, 14]);
      expectOk(h, `concurrent writes where ${winner} wins`);
    }
  });

  it('a read concurrent with a write sees the old or the new value', () => {
    for (const seen of ['old', 'new']) {
      const h = new H();
      h.write(1, 'old', [0, 1]);
      h.write(1, 'new', [2, 10]);
      h.read(2, seen, [3, 4]);
      h.read(2, 'new', [11, 12]);
      expectOk(h, `a read concurrent with a write seeing the ${seen} value`);
    }
  });

  it('a CAS race where exactly one succeeds', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.cas(2, 'a', 'b', false, [2, 10]);
    h.cas(3, 'a', 'c', true, [3, 9]);
    h.cas(4, 'a', 'd', false, [4, 8]);
    h.read(1, 'c', [11, 12]);
    expectOk(h, 'a CAS race with one winner');
  });

  it('an unknown write observed later, even after another write completed', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.write(2, 'b', [2, 3], 'unknown'); // timed out
    h.read(3, 'a', [4, 5]); // not applied yet
    h.write(3, 'c', [6, 7]);
    h.read(3, 'c', [8, 9]);
    h.read(4, 'b', [10, 11]); // applied late: no upper bound on an unknown operation
    h.read(4, 'b', [12, 13]);
    const k = expectOk(h, 'an unknown write observed late');
    expect(k.optionalOps, 'expected the unknown write to count as optional').toBe(1);
    expect(k.linearization!.indexOf(1), 'expected the unknown write to be placed after the write of c').toBeGreaterThan(k.linearization!.indexOf(3));
  });

  it('an unknown write (completeMs null) that is never observed', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.write(2, 'b', [2, null], 'unknown');
    h.read(3, 'a', [4, 5]);
    h.read(3, 'a', [100, 101]);
    const k = expectOk(h, 'an unknown write never observed');
    expect(k.linearization, 'expected the unused unknown write to be left out of the witness').not.toContain(1);
  });

  it('failed operations and unknown reads are ignored', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.write(2, 'b', [2, 3], 'fail');
    h.cas(2, 'a', 'c', null, [4, 5], 'fail');
    h.read(3, 'zzz', [4, 5], { outcome: 'unknown' });
    h.read(3, 'a', [6, 7]);
    const k = expectOk(h, 'a history with failed operations');
    expect(k.droppedOps, 'expected two failed operations and one unknown read to be dropped').toBe(3);
  });

  it('an unknown CAS that took effect, and one that explains a failed CAS', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.cas(2, 'a', 'b', null, [2, 3], 'unknown');
    h.read(3, 'b', [4, 5]);
    expectOk(h, 'an unknown CAS observed later');

    const g = new H();
    g.write(1, 'a', [0, 1]);
    g.write(2, 'x', [2, 3], 'unknown'); // never read, but it is why the CAS below failed
    g.cas(3, 'a', 'b', false, [4, 5]);
    g.cas(3, 'x', 'c', true, [6, 7]);
    g.read(3, 'c', [8, 9]);
    expectOk(g, 'a CAS that failed because of an unobserved unknown write');
  });

  it('two unknown writes placed back to back when versions are observed', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]); // version 1
    h.write(2, 'b', [2, 3], 'unknown'); // version 2
    h.write(3, 'c', [2, 3], 'unknown'); // version 3
    h.read(4, 'c', [4, 5], { version: 3 });
    expectOk(h, 'two unknown writes both counted by the version');
  });

  it('an unknown operation spent on a dead end is available again after backtracking', () => {
    // The search first tries the unknown CAS, then the unknown write on top of it, and fails
    // later for want of the CAS; the witness needs the write alone first and the CAS at the end.
    const h = new H();
    h.cas(1, null, 'a', null, [0, null], 'unknown');
    h.write(2, 'b', [1, null], 'unknown');
    h.read(3, 'b', [2, 3]);
    h.del(3, true, [4, 5]);
    h.read(3, 'a', [6, 7]);
    const k = expectOk(h, 'a history whose witness is: write b, read b, delete, CAS absent → a, read a');
    expect(k.linearization, 'expected that witness').toEqual([1, 2, 3, 0, 4]);
  });

  it('an unknown write of the current value still counts when versions are observed', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.write(2, 'a', [2, 3], 'unknown');
    h.read(3, 'a', [4, 5], { version: 2 });
    expectOk(h, 'a read of version 2 explained by an unknown rewrite of the same value');
  });

  it('operations that touch at one instant are concurrent', () => {
    const h = new H();
    h.write(1, 'a', [0, 5]);
    h.read(2, null, [5, 6]);
    expectOk(h, 'a read invoked at the instant a write completed, seeing the old value');
  });

  it('versions: CAS on version and reads that record the version', () => {
    const h = new H();
    h.casVersion(1, 0, 'a', true, [0, 1]); // create: version 1
    h.write(1, 'b', [2, 3]); // version 2
    h.read(2, 'b', [4, 5], { version: 2 });
    h.casVersion(2, 1, 'c', false, [6, 7]);
    h.casVersion(2, 2, 'c', true, [8, 9]); // version 3
    h.del(1, true, [10, 11]); // absent: version 0
    h.read(1, null, [12, 13], { version: 0 });
    h.casVersion(1, 0, 'd', true, [14, 15]); // recreated: version 1
    h.read(1, 'd', [16, 17], { version: 1 });
    expectOk(h, 'a sequential history with versions');
  });

  it('CAS-delete (value null) on success', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.cas(1, 'a', null, true, [2, 3]);
    h.read(1, null, [4, 5]);
    expectOk(h, 'a CAS that deletes');
  });

  it('keys are independent: concurrency on one key does not order another', () => {
    const h = new H();
    h.write(1, 'a', [0, 1], 'ok', 'k1');
    h.write(1, 'b', [0, 1], 'ok', 'k2');
    h.read(2, 'a', [2, 3], { key: 'k1' });
    h.read(2, 'b', [2, 3], { key: 'k2' });
    const r = checkHistory(h.ops);
    expect(r.keys.map((k) => [k.key, k.verdict]), 'expected both keys ok').toEqual([
      ['k1', 'ok'],
      ['k2', 'ok'],
    ]);
  });
});

// ------------------------------------------------------------------ violations

describe('non-linearizable histories', () => {
  it('a stale read after a completed write', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.read(2, 'a', [2, 3]);
    h.write(1, 'b', [4, 5]);
    const stale = h.read(2, 'a', [6, 7]);
    const k = expectViolation(h, 'a stale read');
    const v = k.violation!;
    expect(v.longestPrefix, 'expected the prefix to be everything before the stale read').toEqual([0, 1, 2]);
    expect(v.state, 'expected the register to hold b after the prefix').toEqual({ value: 'b' });
    expect(v.stateSetBy, 'expected the write of b to have set the state').toBe(2);
    expect(v.stuck.map((s) => s.id), 'expected the stale read to be the operation that cannot be placed').toEqual([stale]);
    expect(v.stuck[0]!.reason, 'expected the reason to name the value read and the value held').toBe('read "a", but the register holds "b"');
  });

  it('a stale read further on is named even when it is not next', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.read(2, 'a', [2, 3]);
    h.write(1, 'b', [4, 5]);
    h.write(1, 'c', [6, 7]);
    const stale = h.read(2, 'a', [10, 11]);
    const v = expectViolation(h, 'a stale read two writes later').violation!;
    expect(v.longestPrefix, 'expected the prefix to end with the write that overwrote a').toEqual([0, 1, 2]);
    expect(v.stuck.find((x) => x.id === stale)?.reason, 'expected the stale read to be named with the value it needs').toBe('needs the register to hold "a", but it holds "b" and nothing left can write "a"');
    expect(v.message, 'expected the message to list it under "and further on"').toMatch(/and further on:\n  #4 client 2 read → "a"/);
  });

  it('a read inversion: two reads in real-time order see new then old', () => {
    const h = new H();
    h.write(1, 'old', [0, 1]);
    h.write(1, 'new', [2, 20]);
    h.read(2, 'new', [3, 4]);
    const second = h.read(3, 'old', [5, 6]);
    const k = expectViolation(h, 'a read inversion');
    expect(k.violation!.stuck.map((s) => s.id), 'expected the second read to be stuck').toContain(second);
  });

  it('two CAS from the same expected value both succeeding', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.cas(2, 'a', 'b', true, [2, 10]);
    h.cas(3, 'a', 'c', true, [3, 9]);
    expectViolation(h, 'two successful CAS from the same value');
  });

  it('a read of a value never written', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.read(2, 'ghost', [0, 5]);
    expectViolation(h, 'a read of a value never written');
  });

  it('a lost acknowledged write: later reads return the previous value, no concurrent writer', () => {
    const h = new H();
    h.write(1, 'v1', [0, 1]);
    h.read(2, 'v1', [2, 3]);
    h.write(1, 'v2', [4, 5]); // acknowledged
    h.read(2, 'v1', [10, 11]); // ... and lost
    h.read(3, 'v1', [12, 13]);
    expectViolation(h, 'a lost acknowledged write');
  });

  it('two reads after concurrent writes disagree', () => {
    const h = new H();
    h.write(1, 'a', [0, 10]);
    h.write(2, 'b', [1, 9]);
    h.read(3, 'a', [11, 12]);
    h.read(4, 'b', [13, 14]);
    expectViolation(h, 'reads disagreeing after concurrent writes completed');
  });

  it('a failed write that is observed', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.write(2, 'b', [2, 3], 'fail');
    h.read(3, 'b', [4, 5]);
    expectViolation(h, 'a read of a write that certainly failed');
  });

  it('an unknown write observed before it was invoked', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.read(2, 'b', [2, 3]);
    h.write(3, 'b', [4, null], 'unknown');
    expectViolation(h, 'a read from the future');
  });

  it('an unknown write observed twice across an overwrite (it can take effect only once)', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.write(2, 'b', [2, null], 'unknown');
    h.read(3, 'b', [3, 4]);
    h.write(3, 'c', [5, 6]);
    h.read(3, 'b', [7, 8]);
    expectViolation(h, 'an unknown write observed twice');
  });

  it('an unknown CAS whose expected value never held cannot explain a read', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.cas(2, 'z', 'b', null, [2, 3], 'unknown');
    h.read(3, 'b', [4, 5]);
    expectViolation(h, 'a read of the new value of a CAS that could not succeed');
  });

  it('a CAS that failed although the expected value held, with no concurrent writer', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    const c = h.cas(2, 'a', 'b', false, [2, 3]);
    const k = expectViolation(h, 'a spuriously failed CAS');
    expect(k.violation!.stuck, 'expected the CAS to be stuck with a reason').toEqual([expect.objectContaining({ id: c, reason: 'failed, but the register holds the expected "a"' })]);
  });

  it('a delete that reports deleting an absent key', () => {
    const h = new H();
    h.del(1, true, [0, 1]);
    expectViolation(h, 'a delete of nothing that claims to have deleted');
  });

  it('versions: a CAS on a stale version succeeding, and a read with a wrong version', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.write(1, 'b', [2, 3]);
    h.casVersion(2, 1, 'c', true, [4, 5]);
    expectViolation(h, 'a CAS on version 1 succeeding at version 2');

    const g = new H();
    g.write(1, 'a', [0, 1]);
    g.write(1, 'a', [2, 3]);
    g.read(2, 'a', [4, 5], { version: 1 });
    expectViolation(g, 'a read of version 1 after two writes');
  });

  it('a stale read with versions is explained by the value and version it saw', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.read(2, 'a', [2, 3], { version: 1 });
    h.write(1, 'b', [4, 5]);
    const stale = h.read(2, 'a', [6, 7], { version: 1 });
    const v = expectViolation(h, 'a stale read that recorded its version').violation!;
    expect(v.longestPrefix, 'expected the prefix to end with the write of b').toEqual([0, 1, 2]);
    expect(v.state, 'expected the register to hold b at version 2').toEqual({ value: 'b', version: 2 });
    expect(v.stuck, 'expected the stale read to be stuck on its version and on its value').toEqual([
      expect.objectContaining({ id: stale, reason: 'saw version 1, but 2 acknowledged writes (#0, #2) completed before it was invoked; read "a" (version 1), but the register holds "b" (version 2)' }),
    ]);
    expect(v.message, 'expected the message to state the version contradiction first').toMatch(/^not linearizable: 2 acknowledged writes completed before #3 .* was invoked, so the version was at least 2 by then, but it saw version 1/);
  });

  it('versions against real time: a read that saw a lower version than one before it', () => {
    const h = new H();
    h.write(1, 'a', [0, 1]);
    h.write(1, 'b', [2, 30]); // still in flight: the count of completed writes alone proves nothing
    const first = h.read(2, 'b', [3, 4], { version: 2 });
    const second = h.read(3, 'a', [5, 6], { version: 1 });
    const v = expectViolation(h, 'a read inversion on versions').violation!;
    expect(v.stuck[0], 'expected the second read to be named, with the first as the reason').toEqual(
      expect.objectContaining({ id: second, reason: expect.stringContaining(`saw version 1, but #${first} saw version 2 and completed before it was invoked`) }),
    );
  });

  it('one bad key among good ones: the verdict is per key', () => {
    const h = new H();
    h.write(1, 'a', [0, 1], 'ok', 'good');
    h.read(2, 'a', [2, 3], { key: 'good' });
    h.write(1, 'a', [0, 1], 'ok', 'bad');
    h.read(2, null, [2, 3], { key: 'bad' });
    const r = checkHistory(h.ops);
    expect(r.verdict, 'expected the overall verdict to be a violation').toBe('violation');
    expect(r.keys.map((k) => [k.key, k.verdict]), 'expected only the key "bad" to be a violation').toEqual([
      ['bad', 'violation'],
      ['good', 'ok'],
    ]);
  });
});

// ------------------------------------------------------------------ bounds and input

describe('bounds and input', () => {
  it('reports unknown, not a verdict, when the state budget is exceeded', () => {
    // Many concurrent writes and a final read of a value nobody wrote: the search must try
    // every order of the writes before concluding; a budget of 50 states stops it early.
    const h = new H();
    for (let c = 0; c < 12; c++) h.write(c, `w${c}`, [0, 10]);
    h.read(99, 'ghost', [11, 12]);
    const k = only(checkHistory(h.ops, { maxStates: 50 }));
    expect(k.verdict, 'expected an inconclusive verdict with a budget of 50 states').toBe('unknown');
    expect(k.reason, 'expected the reason to name the state budget').toMatch(/state budget/);
    expect(k.ok, 'expected ok false for an inconclusive verdict').toBe(false);
    expect(only(checkHistory(h.ops)).verdict, 'expected a violation without the budget').toBe('violation');
  });

  it('checks only the keys asked for', () => {
    const h = new H();
    h.write(1, 'a', [0, 1], 'ok', 'k1');
    h.read(1, 'zzz', [2, 3], { key: 'k2' });
    const r = checkHistory(h.ops, { keys: ['k1'] });
    expect(r.keys.map((k) => k.key), 'expected only k1 checked').toEqual(['k1']);
    expect(r.verdict, 'expected ok when the bad key is not checked').toBe('ok');
  });

  it('rejects malformed operations', () => {
    const bad = [{ id: 1, client: 1, key: 'x', kind: 'read', invokeMs: 0, completeMs: 1, outcome: 'ok' }] as unknown as Operation[];
    expect(() => checkHistory(bad), 'expected an ok read without output to be rejected').toThrow(/needs output/);
    expect(() => checkKey('y', new H().ops.concat([{ id: 0, client: 1, key: 'x', kind: 'write', input: 'a', invokeMs: 0, completeMs: 1, outcome: 'ok' }])), 'expected an operation on another key to be rejected').toThrow(/not "y"/);
  });

  it('an empty history is linearizable', () => {
    const r = checkHistory([]);
    expect([r.verdict, r.keys.length], 'expected ok with no keys').toEqual(['ok', 0]);
  });
});

// ------------------------------------------------------------------ properties

/** One step of a random execution; the true linearization point of step i is 10 * (i + 1). */
interface Step {
  key: number;
  kind: 'read' | 'write' | 'cas' | 'delete';
  /** cas: whether it expects the current value (else a value that is not current). */
  hit: boolean;
  /** cas: a miss expects this earlier value index (or absent when out of range). */
  missPick: number;
  before: number;
  after: number;
  /** ok; fail (no effect); unknown that took effect; unknown that did not. */
  fate: 'ok' | 'fail' | 'unknown-applied' | 'unknown-lost';
}

const stepArb = (jitter: number): fc.Arbitrary<Step> =>
  fc.record({
    key: fc.nat(2),
    kind: fc.constantFrom<Step['kind']>('read', 'read', 'read', 'write', 'write', 'cas', 'cas', 'delete'),
    hit: fc.boolean(),
    missPick: fc.nat(20),
    before: fc.nat(jitter),
    after: fc.nat(jitter),
    fate: fc.constantFrom<Step['fate']>('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'fail', 'unknown-applied', 'unknown-lost'),
  });

/**
 * A history whose true order is the order of the steps: each operation's interval contains its
 * linearization point, so intervals overlap (up to the jitter) but stay consistent with that order.
 */
function execute(steps: Step[]): Operation[] {
  const state = new Map<number, string | null>();
  const written: string[] = [];
  const ops: Operation[] = [];
  const clientFree: number[] = []; // per client, when its last operation ended
  steps.forEach((s, i) => {
    const point = 10 * (i + 1);
    const invokeMs = point - s.before;
    const end = point + s.after;
    let client = clientFree.findIndex((t) => t < invokeMs);
    if (client < 0) client = clientFree.push(0) - 1;
    clientFree[client] = end;
    const key = `k${s.key}`;
    const cur = state.get(s.key) ?? null;
    const takesEffect = s.fate === 'ok' || s.fate === 'unknown-applied';
    const outcome: Outcome = s.fate === 'ok' ? 'ok' : s.fate === 'fail' ? 'fail' : 'unknown';
    const base = { id: i, client, key, invokeMs, completeMs: outcome === 'unknown' && i % 2 === 0 ? null : end, outcome };
    const value = `v${i}`;
    switch (s.kind) {
      case 'read':
        ops.push({ ...base, kind: 'read', ...(outcome === 'ok' ? { output: cur } : {}) });
        break;
      case 'write':
        ops.push({ ...base, kind: 'write', input: value });
        if (takesEffect) state.set(s.key, value);
        written.push(value);
        break;
      case 'delete':
        ops.push({ ...base, kind: 'delete', ...(outcome === 'ok' ? { output: cur !== null } : {}) });
        if (takesEffect) state.set(s.key, null);
        break;
      case 'cas': {
        const other = s.missPick < written.length ? written[s.missPick]! : null;
        const expected = s.hit ? cur : other === cur ? 'never' : other;
        const succeeded = expected === cur;
        ops.push({ ...base, kind: 'cas', input: { expected, value }, ...(outcome === 'ok' ? { output: succeeded } : {}) });
        if (takesEffect && succeeded) state.set(s.key, value);
        written.push(value);
        break;
      }
    }
  });
  return ops;
}

const before = (a: Operation, b: Operation): boolean => a.outcome === 'ok' && a.completeMs! < b.invokeMs;

/**
 * The non-null values that no linearization can have current during `r`: every operation that
 * writes x either was invoked after r completed, or is followed (in real time, before r was
 * invoked) by a completed operation that certainly overwrote x.
 */
function impossibleValues(ops: Operation[], r: Operation): string[] {
  const live = ops.filter((o) => o.outcome !== 'fail' && o.key === r.key);
  const newValue = (o: Operation): string | null | undefined => (o.kind === 'write' ? o.input : o.kind === 'cas' ? o.input.value : o.kind === 'delete' ? null : undefined);
  const certainlyChanges = (o: Operation): boolean => o.outcome === 'ok' && (o.kind === 'write' || o.kind === 'delete' || (o.kind === 'cas' && o.output === true));
  const candidates = new Set<string>();
  for (const o of ops) {
    const v = newValue(o);
    if (typeof v === 'string') candidates.add(v);
  }
  candidates.add('never-written');
  return [...candidates].filter((x) =>
    live
      .filter((w) => newValue(w) === x)
      .every((w) => r.completeMs! < w.invokeMs || live.some((o) => certainlyChanges(o) && newValue(o) !== x && before(w, o) && before(o, r))),
  );
}

describe('properties', () => {
  const config = { numRuns: 300 };
  /** The checker verifies its incremental bookkeeping at every step. */
  const selfCheck = { selfCheck: true };

  it('property: random executions with jittered, overlapping intervals are linearizable', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }).chain((j) => fc.array(stepArb(j), { minLength: 1, maxLength: 80 })),
        (steps) => {
          const ops = execute(steps);
          const r = checkHistory(ops, selfCheck);
          const bad = r.keys.find((k) => k.verdict !== 'ok');
          expect(r.verdict, `expected a true execution to be linearizable; key ${bad?.key}: ${bad?.violation?.message ?? bad?.reason}`).toBe('ok');
        },
      ),
      config,
    );
  });

  it('property: corrupting one read to a value that cannot be current is a violation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }).chain((j) => fc.array(stepArb(j), { minLength: 1, maxLength: 80 })),
        fc.nat(),
        fc.nat(),
        (steps, pickRead, pickValue) => {
          const ops = execute(steps);
          const reads = ops.filter((o) => o.kind === 'read' && o.outcome === 'ok');
          fc.pre(reads.length > 0);
          const r = reads[pickRead % reads.length]!;
          const choices = impossibleValues(ops, r).filter((v) => v !== (r as { output?: string | null }).output);
          expect(choices, 'expected "never-written" always to be impossible').toContain('never-written');
          const x = choices[pickValue % choices.length]!;
          const mutated = ops.map((o) => (o === r ? { ...o, output: x } : o)) as Operation[];
          const res = checkHistory(mutated, selfCheck);
          const k = res.keys.find((kk) => kk.key === r.key)!;
          expect(k.verdict, `expected read #${r.id} corrupted to ${JSON.stringify(x)} to be a violation`).toBe('violation');
          expect(k.violation!.stuck.length, 'expected the violation to name the operations that could not be placed').toBeGreaterThan(0);
        },
      ),
      config,
    );
  });

  it('property: synthetic store histories (many clients, timeouts, hundreds of values, versions or not) are linearizable, and one corrupted read is not', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.nat(),
          ops: fc.integer({ min: 1, max: 600 }),
          keys: fc.integer({ min: 1, max: 3 }),
          clients: fc.integer({ min: 1, max: 16 }),
          unknownRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
          failRate: fc.double({ min: 0, max: 0.1, noNaN: true }),
          versions: fc.boolean(),
        }),
        fc.nat(),
        fc.nat(),
        (o, pickRead, pickValue) => {
          const ops = syntheticHistory(o);
          const r = checkHistory(ops, selfCheck);
          const bad = r.keys.find((k) => k.verdict !== 'ok');
          expect(r.verdict, `expected a synthetic history ${JSON.stringify(o)} to be linearizable; key ${bad?.key}: ${bad?.violation?.message ?? bad?.reason}`).toBe('ok');

          const reads = ops.filter((op) => op.kind === 'read' && op.outcome === 'ok');
          if (reads.length === 0) return;
          const read = reads[pickRead % reads.length]!;
          const choices = impossibleValues(ops, read).filter((v) => v !== (read as { output?: string | null }).output);
          const x = choices[pickValue % choices.length]!;
          const k = checkHistory(ops.map((op) => (op === read ? { ...op, output: x } : op)) as Operation[], { ...selfCheck, keys: [read.key] }).keys[0]!;
          expect(k.verdict, `expected read #${read.id} of ${JSON.stringify(o)} corrupted to ${JSON.stringify(x)} to be a violation`).toBe('violation');
        },
      ),
      { numRuns: 150 },
    );
  });

  // A brute-force reference: tries every subset of the unknown operations and every order.
  function bruteForce(ops: Operation[]): boolean {
    const live = ops.filter((o) => o.outcome === 'ok' || (o.outcome === 'unknown' && o.kind !== 'read'));
    const req = live.filter((o) => o.outcome === 'ok');
    const opt = live.filter((o) => o.outcome === 'unknown');
    const tracked = live.some((o) => (o.kind === 'read' && o.version !== undefined) || (o.kind === 'cas' && 'expectedVersion' in o.input));
    const step = (o: Operation, val: string | null, ver: number): [string | null, number] | null => {
      const bump = (nv: string | null): [string | null, number] => (nv === null ? [null, 0] : [nv, tracked ? (val === null ? 1 : ver + 1) : 0]);
      switch (o.kind) {
        case 'read':
          return o.output === val && (o.version === undefined || o.version === ver) ? [val, ver] : null;
        case 'write':
          return bump(o.input);
        case 'delete':
          return o.outcome === 'ok' && o.output !== undefined && o.output !== (val !== null) ? null : [null, 0];
        case 'cas': {
          const match = 'expectedVersion' in o.input ? ver === o.input.expectedVersion : val === o.input.expected;
          if (o.outcome === 'ok' && o.output !== match) return null;
          return match ? bump(o.input.value) : [val, ver];
        }
      }
    };
    const end = (o: Operation): number => (o.outcome === 'ok' ? o.completeMs! : Infinity);
    const search = (rest: Operation[], val: string | null, ver: number): boolean => {
      if (rest.length === 0) return true;
      for (const o of rest) {
        if (rest.some((q) => end(q) < o.invokeMs)) continue;
        const s = step(o, val, ver);
        if (s && search(rest.filter((q) => q !== o), s[0], s[1])) return true;
      }
      return false;
    };
    for (let mask = 0; mask < 1 << opt.length; mask++) {
      if (search([...req, ...opt.filter((_, i) => mask & (1 << i))], null, 0)) return true;
    }
    return false;
  }

  const smallOp = (versions: boolean, unknowns: boolean): fc.Arbitrary<Omit<Operation, 'id'>> =>
    fc
      .record({
        kind: fc.constantFrom('read', 'write', 'cas', 'casVersion', 'delete'),
        v: fc.constantFrom('a', 'b', null),
        w: fc.constantFrom('a', 'b', null),
        n: fc.nat(3),
        flag: fc.boolean(),
        withVersion: fc.boolean(),
        invokeMs: fc.nat(20),
        length: fc.nat(12),
        outcome: unknowns ? fc.constantFrom<Outcome>('ok', 'unknown') : fc.constantFrom<Outcome>('ok', 'ok', 'ok', 'unknown', 'fail'),
      })
      .map(({ kind, v, w, n, flag, withVersion, invokeMs, length, outcome }) => {
        const base = { client: 0, key: 'x', invokeMs, completeMs: invokeMs + length, outcome };
        const ok = outcome === 'ok';
        switch (kind) {
          case 'read':
            return { ...base, kind: 'read', ...(ok ? { output: v } : {}), ...(ok && versions && withVersion ? { version: n } : {}) } as Omit<Operation, 'id'>;
          case 'write':
            return { ...base, kind: 'write', input: v ?? 'c' } as Omit<Operation, 'id'>;
          case 'cas':
            return { ...base, kind: 'cas', input: { expected: v, value: w }, ...(ok ? { output: flag } : {}) } as Omit<Operation, 'id'>;
          case 'casVersion':
            return (versions
              ? { ...base, kind: 'cas', input: { expectedVersion: n, value: w ?? 'c' }, ...(ok ? { output: flag } : {}) }
              : { ...base, kind: 'write', input: w ?? 'c' }) as Omit<Operation, 'id'>;
          default:
            return { ...base, kind: 'delete', ...(ok && withVersion ? { output: flag } : {}) } as Omit<Operation, 'id'>;
        }
      });

  for (const [versions, unknowns] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as [boolean, boolean][]) {
    it(`property: on small random histories the checker agrees with brute force (${versions ? 'with' : 'without'} versions, ${unknowns ? 'half the operations unknown' : 'some unknown'})`, () => {
      let violations = 0;
      let linearizable = 0;
      fc.assert(
        fc.property(fc.array(smallOp(versions, unknowns), { minLength: 1, maxLength: 8 }), (raw) => {
          const ops = raw.map((o, id) => ({ ...o, id }) as Operation);
          const expected = bruteForce(ops);
          const got = checkHistory(ops, selfCheck).keys[0]!;
          if (expected) linearizable++;
          else violations++;
          expect(got.verdict, `expected ${expected ? 'ok' : 'violation'} as brute force finds for ${JSON.stringify(ops)}`).toBe(expected ? 'ok' : 'violation');
        }),
        { numRuns: 3000 },
      );
      expect(violations, 'expected the generator to produce violations').toBeGreaterThan(50);
      expect(linearizable, 'expected the generator to produce linearizable histories').toBeGreaterThan(50);
    });
  }
});

// ------------------------------------------------------------------ speed

describe('speed', () => {
  it('checks 5,000 operations over 8 keys from 16 clients in seconds, and finds one corrupted read', () => {
    const ops = syntheticHistory({ ops: 5000, keys: 8, clients: 16, unknownRate: 0.05, seed: 42 });
    const t0 = performance.now();
    const r = checkHistory(ops);
    const elapsed = performance.now() - t0;
    expect(r.verdict, `expected the synthetic history to be linearizable (${r.keys.find((k) => !k.ok)?.violation?.message})`).toBe('ok');
    expect(r.keys.length, 'expected 8 keys').toBe(8);
    expect(elapsed, 'expected the check to take under 5 s (it takes ~0.1 s)').toBeLessThan(5000);

    const reads = ops.filter((o) => o.kind === 'read' && o.outcome === 'ok');
    const victim = reads[Math.floor(reads.length / 2)]!;
    const corrupted = ops.map((o) => (o === victim ? { ...o, output: 'corrupt' } : o)) as Operation[];
    const t1 = performance.now();
    const bad = checkHistory(corrupted);
    expect(bad.keys.filter((k) => k.verdict !== 'ok').map((k) => [k.key, k.verdict]), 'expected exactly the corrupted key to be a violation').toEqual([[victim.key, 'violation']]);
    expect(bad.keys.find((k) => k.key === victim.key)!.violation!.stuck.map((s) => s.id), 'expected the corrupted read to be named').toContain(victim.id);
    expect(performance.now() - t1, 'expected finding the violation to take under 5 s').toBeLessThan(5000);
  });
});
