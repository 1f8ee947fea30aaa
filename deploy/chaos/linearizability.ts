// A linearizability checker for key/value histories (history.ts).
//
// The store is a set of independent registers, one per key, and linearizability is local (Herlihy
// & Wing): a history is linearizable iff its restriction to each key is. So each key is checked on
// its own, which keeps every search small.
//
// The model: a register, absent (null) at first. write sets the value; delete makes it absent; a
// read must return the current value; cas compares the current value (expected null: absent) or
// the version and, iff equal, sets the new value (null: delete), and its answer (succeeded) must
// match. A version counts the writes since the key was created (0 when absent); it is tracked
// only if the key's history observes it (a CAS on version, a read that recorded one).
//
// Per key, the search is Wing & Gong's with Lowe's memoization, in the form Porcupine uses:
//   - the required operations (outcome 'ok') are kept in a doubly linked list of call and return
//     entries sorted by time; an operation may be linearized next iff its call entry comes before
//     the first return entry still in the list (nothing remaining finished before it began);
//   - linearizing an operation applies it to the register model (it must agree with what the
//     operation answered) and lifts its two entries out of the list; backtracking puts them back;
//   - every configuration (set of linearized operations, register state) reached is remembered,
//     and one already explored is not explored again (those not on the current path all failed).
// Real-time order is strict: a precedes b iff a completed before b was invoked (equal times count
// as concurrent).
//
// Operations with outcome 'unknown' (write, cas, delete; an unknown read constrains nothing and is
// dropped) are optional: each may be linearized at any point after its invocation, or never. They
// are not in the list (they never block anything: their return is at +infinity); after the
// required candidates, the search tries each unknown operation invoked early enough. Leaving one
// out is the same as linearizing it after everything else (nothing observes it there), so the
// search succeeds once every required operation is placed, and the memo remembers which unknown
// operations a configuration has placed: (S, state, U) is skipped if (S, state, U') was explored
// with U' ⊆ U (fewer spent, at least as many continuations).
//
// Reductions. Each only skips linearizations that have an equivalent one the search still tries
// (the tests compare the checker with a brute-force search on thousands of small histories):
//   - observers first: a candidate that never changes the register (a read, a CAS that answered
//     failed, a delete that answered absent) and fits now is placed with no alternative tried:
//     moving it to the front of any linearization from here changes nothing;
//   - dead values: a transition that leaves a value some remaining operation needs (a read of it,
//     a CAS that succeeded from it) while nothing remaining can write it again is cut;
//   - versions only grow while no delete remains: a transition is cut if the version could no
//     longer be as low as a remaining operation must see (its version, minus the remaining
//     acknowledged writes that completed before it was invoked: a look-ahead kept in a segment
//     tree); and before any search, an operation that saw a lower version than one that completed
//     before it was invoked, or than the number of writes acknowledged before it was invoked, is
//     reported at once, naming them (a stale read is typically found this way);
//   - garbage: a value no remaining operation reads or compares with is, for the memo, the same as
//     any other such value;
//   - unknown operations are only placed when they matter: never if they would not change the
//     register; a run of them must be followed by a required operation that does not fit the
//     state before the run (else the run belongs after it, or nowhere); without versions, never
//     two blind overwrites in a row, and a write only if its value or leaving the current one
//     can serve the next required operation;
//   - interchangeable unknown operations: unknown deletes, and spare writes (unknown writes of a
//     value no remaining required operation and no unknown CAS refers to) differ only in when
//     they were invoked, and every one invoked so far stays available; so one of each is tried
//     per configuration, and the memo counts spare writes placed rather than which;
//   - an unknown CAS whose expected value is gone for good (not current, nothing can write it) is
//     retired: it can never take effect.
//
// The search is bounded (configurations and time); past the bound the verdict is 'unknown'. It is
// fast when there are few concurrent operations per key (a few thousand operations over 5-10 keys
// from 16 clients check in about 0.1 s); proving a violation can be exponential in the number of
// operations concurrent on one key.
//
// A violation is explained by the longest prefix the search could linearize, the register after
// it, and why each operation that could come next does not fit. When a look-ahead found it early,
// a second search without look-ahead (small budget) provides that prefix.
import { type History, type Operation, describeOp, validateHistory } from './history.js';

export type Verdict = 'ok' | 'violation' | 'unknown';

export interface CheckOptions {
  /** Per key: give up ('unknown') after remembering this many configurations. Default 2,000,000 (about 1 GB at worst). */
  maxStates?: number;
  /** Per key: give up ('unknown') after this long. Default 60,000 ms. */
  timeoutMs?: number;
  /** Check only these keys. */
  keys?: readonly string[];
  /** Skip validating the operations (they come from a trusted recorder). */
  trusted?: boolean;
  /** For tests: verify the search's incremental bookkeeping at every configuration (slow). */
  selfCheck?: boolean;
  /**
   * Look ahead at versions (default true): a version a remaining operation must see cannot be
   * reached if more writes that must precede it remain. Off, the search finds the same verdicts,
   * sometimes much later; the checker turns it off to explain a violation found with it.
   */
  lookahead?: boolean;
}

export const DEFAULT_MAX_STATES = 2_000_000;
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface RegisterState {
  /** null: absent. */
  value: string | null;
  /** Only when the key's history observes versions (CAS on version, reads that record one). */
  version?: number;
}

export interface StuckOp {
  id: number;
  op: string;
  reason: string;
}

export interface Violation {
  /**
   * The longest sequence of operations (ids, linearization order) found consistent with the
   * history; empty if a version contradiction was found before any search and a short search
   * found no more.
   */
  longestPrefix: number[];
  /** The register after that prefix. */
  state: RegisterState;
  /** The operation of the prefix that set that state (null: the initial state). */
  stateSetBy: number | null;
  /**
   * The remaining operation that completed first: it, or something invoked before it completed,
   * must come next.
   */
  deadline: { id: number; op: string } | null;
  /**
   * The operations that could come next and why none can: the register rejects it, or placing it
   * leads nowhere (a value still needed becomes unreachable, a version overshoots), or (first) a
   * version contradiction found before any search.
   */
  stuck: StuckOp[];
  message: string;
}

export interface KeyResult {
  key: string;
  verdict: Verdict;
  ok: boolean;
  /** Operations the search placed or could place: required ('ok') plus optional ('unknown'). */
  checkedOps: number;
  requiredOps: number;
  optionalOps: number;
  /** Operations that constrain nothing: outcome 'fail', and unknown reads. */
  droppedOps: number;
  /** Configurations (linearized set, register state) explored. */
  exploredStates: number;
  elapsedMs: number;
  /** ok: one linearization (op ids), including the unknown operations it places. */
  linearization?: number[];
  /** violation: an explanation. */
  violation?: Violation;
  /** unknown: which bound was hit. */
  reason?: string;
}

export interface CheckResult {
  verdict: Verdict;
  ok: boolean;
  keys: KeyResult[];
  elapsedMs: number;
}

/** Checks every key of a history; the verdict is the worst of the keys' (violation > unknown > ok). */
export function checkHistory(h: History | readonly Operation[], opts: CheckOptions = {}): CheckResult {
  const t0 = performance.now();
  const ops: readonly Operation[] = isOpArray(h) ? h : h.ops;
  if (!opts.trusted) validateHistory({ format: 'baton-chaos-history', version: 1, ops: ops as Operation[] });
  const byKey = new Map<string, Operation[]>();
  for (const o of ops) {
    let list = byKey.get(o.key);
    if (!list) byKey.set(o.key, (list = []));
    list.push(o);
  }
  const wanted = opts.keys ? new Set(opts.keys) : null;
  const keys = [...byKey.keys()].filter((k) => !wanted || wanted.has(k)).sort();
  const results = keys.map((k) => checkKey(k, byKey.get(k)!, { ...opts, trusted: true }));
  const verdict: Verdict = results.some((r) => r.verdict === 'violation') ? 'violation' : results.some((r) => r.verdict === 'unknown') ? 'unknown' : 'ok';
  return { verdict, ok: verdict === 'ok', keys: results, elapsedMs: performance.now() - t0 };
}

function isOpArray(h: History | readonly Operation[]): h is readonly Operation[] {
  return Array.isArray(h);
}

// ------------------------------------------------------------------ one key

const READ = 0;
const WRITE = 1;
const CAS_VALUE = 2;
const CAS_VERSION = 3;
const DELETE = 4;

/** An operation compiled for the search; values are interned (0: absent). */
interface COp {
  kind: number;
  /** write: value; cas on value: expected; cas on version: expected version. */
  a: number;
  /** cas: new value (0: delete). */
  b: number;
  /** read: value read; cas: 1 succeeded / 0 failed; delete: 1 deleted / 0 absent / -1 not recorded; unknown: -1. */
  out: number;
  /** read: version observed, -1 if not recorded. */
  outVersion: number;
  invoke: number;
  /** Infinity for unknown operations. */
  complete: number;
  required: boolean;
  /** Required: the index in invocation order (set after sorting). */
  index: number;
  op: Operation;
}

/** Checks the operations of one key (all of `ops` must be on `key`). */
export function checkKey(key: string, ops: readonly Operation[], opts: CheckOptions = {}): KeyResult {
  const t0 = performance.now();
  if (!opts.trusted) validateHistory({ format: 'baton-chaos-history', version: 1, ops: ops as Operation[] });
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES;
  const deadlineAt = Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  // ---- compile
  const values: (string | null)[] = [null];
  const valueIds = new Map<string, number>();
  const intern = (v: string | null): number => {
    if (v === null) return 0;
    let id = valueIds.get(v);
    if (id === undefined) {
      id = values.length;
      values.push(v);
      valueIds.set(v, id);
    }
    return id;
  };
  const req: COp[] = [];
  const opt: COp[] = [];
  let dropped = 0;
  let tracked = false;
  for (const o of ops) {
    if (o.key !== key) throw new Error(`operation ${o.id} is on key ${JSON.stringify(o.key)}, not ${JSON.stringify(key)}`);
    if (o.outcome === 'fail' || (o.outcome === 'unknown' && o.kind === 'read')) {
      dropped++;
      continue;
    }
    const required = o.outcome === 'ok';
    const c: COp = { kind: READ, a: 0, b: 0, out: -1, outVersion: -1, invoke: o.invokeMs, complete: required ? o.completeMs! : Infinity, required, index: -1, op: o };
    switch (o.kind) {
      case 'read':
        c.kind = READ;
        c.out = intern(o.output ?? null);
        if (o.version !== undefined) {
          c.outVersion = o.version;
          tracked = true;
        }
        break;
      case 'write':
        c.kind = WRITE;
        c.a = intern(o.input);
        break;
      case 'cas':
        if ('expectedVersion' in o.input) {
          c.kind = CAS_VERSION;
          c.a = o.input.expectedVersion;
          tracked = true;
        } else {
          c.kind = CAS_VALUE;
          c.a = intern(o.input.expected);
        }
        c.b = intern(o.input.value);
        if (required) c.out = o.output ? 1 : 0;
        break;
      case 'delete':
        c.kind = DELETE;
        if (required && o.output !== undefined) c.out = o.output ? 1 : 0;
        break;
    }
    (required ? req : opt).push(c);
  }
  const byInvoke = (x: COp, y: COp): number => x.invoke - y.invoke || x.complete - y.complete || x.op.id - y.op.id;
  req.sort(byInvoke);
  opt.sort(byInvoke);
  req.forEach((c, i) => (c.index = i));
  const n = req.length;
  const k = opt.length;

  // ---- the model
  let nVal = 0;
  let nVer = 0;
  /** Applies c to (val, ver) into (nVal, nVer); false if c's answer contradicts the register. */
  const apply = (c: COp, val: number, ver: number): boolean => {
    switch (c.kind) {
      case READ:
        if (c.out !== val || (c.outVersion >= 0 && c.outVersion !== ver)) return false;
        nVal = val;
        nVer = ver;
        return true;
      case WRITE:
        nVal = c.a;
        nVer = tracked ? (val === 0 ? 1 : ver + 1) : 0;
        return true;
      case DELETE:
        if (c.out >= 0 && c.out === 1 !== (val !== 0)) return false;
        nVal = 0;
        nVer = 0;
        return true;
      default: {
        const match = c.kind === CAS_VALUE ? val === c.a : ver === c.a;
        if (c.required && c.out === 1 !== match) return false;
        if (!match) {
          nVal = val;
          nVer = ver;
        } else if (c.b === 0) {
          nVal = 0;
          nVer = 0;
        } else {
          nVal = c.b;
          nVer = tracked ? (val === 0 ? 1 : ver + 1) : 0;
        }
        return true;
      }
    }
  };
  const blind = (c: COp): boolean => !tracked && (c.kind === WRITE || c.kind === DELETE);

  // ---- the entry list: entry 2i is the call of req[i], 2i+1 its return; head and tail sentinels
  const head = 2 * n;
  const tail = 2 * n + 1;
  const next = new Int32Array(2 * n + 2);
  const prev = new Int32Array(2 * n + 2);
  const time = (e: number): number => ((e & 1) === 0 ? req[e >> 1]!.invoke : req[e >> 1]!.complete);
  {
    const order = Array.from({ length: 2 * n }, (_, e) => e);
    // By time; at equal times calls before returns (concurrent), then by operation.
    order.sort((x, y) => time(x) - time(y) || (x & 1) - (y & 1) || (x >> 1) - (y >> 1));
    let last = head;
    for (const e of order) {
      next[last] = e;
      prev[e] = last;
      last = e;
    }
    next[last] = tail;
    prev[tail] = last;
  }
  const lift = (i: number): void => {
    const call = 2 * i;
    const ret = call + 1;
    next[prev[call]!] = next[call]!;
    prev[next[call]!] = prev[call]!;
    next[prev[ret]!] = next[ret]!;
    prev[next[ret]!] = prev[ret]!;
  };
  const unlift = (i: number): void => {
    const call = 2 * i;
    const ret = call + 1;
    next[prev[ret]!] = ret;
    prev[next[ret]!] = ret;
    next[prev[call]!] = call;
    prev[next[call]!] = call;
  };

  // ---- the linearized set, as (p, the linearized indices above p) where req[0..p) are all linearized
  const lin = new Uint8Array(n + 1);
  let linCount = 0;
  let p = 0;
  const mark = (i: number): void => {
    lin[i] = 1;
    linCount++;
    if (i === p) while (lin[p]) p++;
  };
  const unmark = (i: number): void => {
    lin[i] = 0;
    linCount--;
    if (i < p) p = i;
  };
  const configKey = (val: number, ver: number): string => {
    let s = p.toString(36);
    let above = linCount - p;
    for (let i = p + 1; above > 0; i++) {
      if (lin[i]) {
        s += ',' + (i - p).toString(36);
        above--;
      }
    }
    return `${s}|${stateKey(val, ver)}`;
  };
  const stateKey = (val: number, ver: number): string => {
    const v = isGarbage(val) ? '*' : val.toString(36); // '*': not a base-36 digit
    return tracked ? `${v}.${ver.toString(36)}` : v;
  };

  // ---- spare writes: unknown writes of a value that no remaining required operation reads or
  // compares with, and no unknown CAS ever compares with. In a given configuration they are
  // interchangeable (only when they were invoked differs, and every one invoked so far stays
  // available), so the search tries one per configuration and the memo counts how many were
  // placed rather than which. Whether a write is spare depends only on the required operations
  // placed, so configurations compared by the memo agree on it.
  /** Per unknown operation: 0 available, 1 placed, 2 retired (it can never take effect any more). */
  const used = new Uint8Array(k);
  const reqRefs = new Int32Array(values.length); // counted by take() below
  const casRefs = new Uint8Array(values.length);
  const writesOf = new Map<number, number[]>();
  opt.forEach((c, j) => {
    if (c.kind === CAS_VALUE) casRefs[c.a] = 1;
    if (c.kind !== WRITE) return;
    let list = writesOf.get(c.a);
    if (!list) writesOf.set(c.a, (list = []));
    list.push(j);
  });
  const isSpare = (j: number): boolean => opt[j]!.kind === WRITE && reqRefs[opt[j]!.a] === 0 && casRefs[opt[j]!.a] === 0;

  // ---- the memo. Without unknown operations a set of keys; with them, per key the unknown
  // operations placed in each configuration explored, as words: word 0 the blind flag (see
  // below), word 1 how many spare writes, then one bit per other unknown operation.
  const plain = new Set<string>();
  const withUnknowns = new Map<string, Uint32Array[]>();
  const cur = new Uint32Array(2 + ((k + 31) >>> 5));
  let states = 0;
  /** e has at most the unknown operations of c placed (and no more spare writes), so it subsumes c. */
  const subsumes = (e: Uint32Array, c: Uint32Array): boolean => {
    if (e[0]! > c[0]! || e[1]! > c[1]!) return false;
    for (let w = 2; w < e.length; w++) if ((e[w]! & ~c[w]!) !== 0) return false;
    return true;
  };
  const place = (j: number): void => {
    if (isSpare(j)) cur[1]++;
    else cur[2 + (j >>> 5)] |= 1 << (j & 31);
  };
  const unplace = (j: number): void => {
    if (isSpare(j)) cur[1]--;
    else cur[2 + (j >>> 5)] &= ~(1 << (j & 31));
  };
  /** True while selfCheck recounts (placed writes then keep their class). */
  let recounting = false;
  /** A required operation referring to x was taken (d 1) or given back (d -1): placed writes of x may change class. */
  const refsChanged = (x: number, d: number): void => {
    const before = reqRefs[x]!;
    reqRefs[x] = before - d;
    if (recounting || casRefs[x] || (before !== 0 && reqRefs[x] !== 0)) return;
    const list = writesOf.get(x);
    if (!list) return;
    for (const j of list) {
      if (used[j] !== 1) continue;
      if (d > 0) {
        cur[2 + (j >>> 5)] &= ~(1 << (j & 31));
        cur[1]++;
      } else {
        cur[2 + (j >>> 5)] |= 1 << (j & 31);
        cur[1]--;
      }
    }
  };
  /**
   * Records the configuration reached; false if it (or one that subsumes it) was explored
   * already. In the middle of a run of unknown operations, the state before the run (runKey) is
   * part of the configuration, and the same configuration outside any run subsumes it.
   */
  const visit = (base: string, runKey: string | null, blindFlag: boolean): boolean => {
    if (opts.selfCheck) verify();
    if (k === 0) {
      if (plain.has(base)) return false;
      plain.add(base);
      states++;
      return true;
    }
    cur[0] = blindFlag ? 1 : 0;
    let ck = base;
    if (runKey !== null) {
      const outside = withUnknowns.get(base);
      if (outside) for (const e of outside) if (subsumes(e, cur)) return false;
      ck = `${base}~${runKey}`;
    }
    const list = withUnknowns.get(ck);
    if (list === undefined) {
      withUnknowns.set(ck, [cur.slice()]);
    } else {
      for (const e of list) if (subsumes(e, cur)) return false;
      let w = 0;
      for (const e of list) if (!subsumes(cur, e)) list[w++] = e;
      list.length = w;
      list.push(cur.slice());
    }
    states++;
    return true;
  };

  // ---- dead values: a value some remaining operation needs (a read of it, a successful CAS
  // expecting it) must still be producible once the register moves away from it
  const writers = new Int32Array(values.length);
  const needers = new Int32Array(values.length);
  /** Remaining operations whose behaviour depends on whether the register holds the value. */
  const dependents = new Int32Array(values.length);
  /** Remaining required CAS that answered failed, by expected value. */
  const failedCas = new Int32Array(values.length);
  /** Remaining required deletes that answered deleted (they need a value). */
  let deletesNeedingValue = 0;
  // Versions only grow, except by deletes: while none remains, a version above one that a
  // remaining operation must see (a read, a CAS on version that succeeded) is a dead end.
  let resetters = 0;
  const versionCap = n + k + 1;
  const observed = new Int32Array(versionCap + 1);
  let observedMin = versionCap;
  const minObserved = (): number => {
    while (observedMin < versionCap && observed[observedMin] === 0) observedMin++;
    return observedMin < versionCap || observed[versionCap]! > 0 ? observedMin : Infinity;
  };
  const observe = (v: number, d: number): void => {
    const i = Math.min(v, versionCap);
    observed[i] -= d;
    if (d < 0 && i < observedMin) observedMin = i;
  };
  /** The value c sets, or -1. */
  const sets = (c: COp): number => {
    if (c.kind === WRITE) return c.a;
    if (c.kind === DELETE) return 0;
    if ((c.kind === CAS_VALUE || c.kind === CAS_VERSION) && (!c.required || c.out === 1)) return c.b;
    return -1;
  };
  /** The value c needs current, or -1. */
  const needs = (c: COp): number => {
    if (!c.required) return -1;
    if (c.kind === READ) return c.out;
    if (c.kind === CAS_VALUE && c.out === 1) return c.a;
    return -1;
  };
  // Version look-ahead: the remaining operations that must see a version (reads that recorded one,
  // CAS on version that succeeded), by invocation, each with e - (remaining required writes that
  // completed before it was invoked): while no delete remains, the version can only grow, by one
  // per write, so it must stay at or below the minimum of these. A segment tree keeps the minimum
  // (a write taken raises the entries of the operations invoked after it completed).
  const lookahead = opts.lookahead ?? true;
  const ahead = (() => {
    const obs: number[] = [];
    const pos = new Int32Array(n).fill(-1);
    req.forEach((c, i) => {
      if (mustSeeVersion(c) >= 0) pos[i] = obs.push(i) - 1;
    });
    const m = obs.length;
    /** For a required write: the first observer invoked after it completed (m: none). */
    const from = new Int32Array(n).fill(m);
    let size = 1;
    while (size < Math.max(1, m)) size *= 2;
    const mn = new Float64Array(2 * size).fill(Infinity);
    const tag = new Float64Array(2 * size);
    const BIG = 1e12;
    const add = (node: number, nl: number, nr: number, l: number, r: number, v: number): void => {
      if (r <= nl || nr <= l) return;
      if (l <= nl && nr <= r) {
        mn[node] += v;
        tag[node] += v;
        return;
      }
      const mid = (nl + nr) >> 1;
      add(2 * node, nl, mid, l, r, v);
      add(2 * node + 1, mid, nr, l, r, v);
      mn[node] = Math.min(mn[2 * node]!, mn[2 * node + 1]!) + tag[node]!;
    };
    return {
      bumps: (c: COp): boolean => c.required && (c.kind === WRITE || ((c.kind === CAS_VALUE || c.kind === CAS_VERSION) && c.out === 1 && c.b !== 0)),
      init(): void {
        const count = new Int32Array(m + 1);
        req.forEach((c, i) => {
          if (!this.bumps(c)) return;
          let lo = 0;
          let hi = m;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (req[obs[mid]!]!.invoke > c.complete) hi = mid;
            else lo = mid + 1;
          }
          from[i] = lo;
          count[lo]++;
        });
        let before = 0;
        for (let q = 0; q < m; q++) {
          before += count[q]!;
          mn[size + q] = mustSeeVersion(req[obs[q]!]!) - before;
        }
        for (let node = size - 1; node >= 1; node--) mn[node] = Math.min(mn[2 * node]!, mn[2 * node + 1]!);
      },
      take(i: number, d: number): void {
        const c = req[i]!;
        if (this.bumps(c) && from[i]! < m) add(1, 0, size, from[i]!, m, d);
        if (pos[i]! >= 0) add(1, 0, size, pos[i]!, pos[i]! + 1, d * BIG);
      },
      /** The highest version the register may have now (Infinity: no bound). */
      cap: (): number => (mn[1]! >= BIG / 2 ? Infinity : mn[1]!),
      /** selfCheck: the same, recomputed. */
      recount(isLinearized: (i: number) => boolean): number {
        const count = new Int32Array(m + 1);
        req.forEach((c, i) => {
          if (!isLinearized(i) && this.bumps(c)) count[from[i]!]++;
        });
        let best = Infinity;
        let before = 0;
        for (let q = 0; q < m; q++) {
          before += count[q]!;
          if (!isLinearized(obs[q]!)) best = Math.min(best, mustSeeVersion(req[obs[q]!]!) - before);
        }
        return best;
      },
    };
  })();
  let aheadReady = false;
  const take = (c: COp, d: number): void => {
    if (aheadReady && c.required && !recounting) ahead.take(c.index, d);
    const s = sets(c);
    if (s >= 0) writers[s] -= d;
    const x = needs(c);
    if (x >= 0) needers[x] -= d;
    if (c.kind === CAS_VALUE) dependents[c.a] -= d;
    else if (c.kind === READ) dependents[c.out] -= d;
    if (c.required && c.kind === READ) refsChanged(c.out, d);
    else if (c.required && c.kind === CAS_VALUE) refsChanged(c.a, d);
    if (resetsVersion(c)) resetters -= d;
    if (c.required) {
      if (c.kind === READ && c.outVersion >= 0) observe(c.outVersion, d);
      else if (c.kind === CAS_VERSION && c.out === 1) observe(c.a, d);
      if (c.kind === CAS_VALUE && c.out === 0) failedCas[c.a] -= d;
      else if (c.kind === DELETE && c.out === 1) deletesNeedingValue -= d;
    }
  };
  for (const c of req) take(c, -1);
  for (const c of opt) take(c, -1);
  if (lookahead) {
    ahead.init();
    aheadReady = true;
  }
  /** selfCheck: recounts everything kept incrementally from the operations remaining, and compares. */
  const verify = (): void => {
    const arrays = { writers, needers, dependents, failedCas, reqRefs, observed };
    const saved = Object.entries(arrays).map(([name, a]) => [name, a.slice()] as const);
    const savedScalars = [resetters, deletesNeedingValue];
    for (const a of Object.values(arrays)) a.fill(0);
    resetters = 0;
    deletesNeedingValue = 0;
    recounting = true;
    req.forEach((c, i) => lin[i] || take(c, -1));
    opt.forEach((c, j) => used[j] === 0 && take(c, -1));
    recounting = false;
    const problems: string[] = [];
    for (const [name, was] of saved) if (!was.every((x, i) => x === arrays[name as keyof typeof arrays][i])) problems.push(name);
    if (resetters !== savedScalars[0] || deletesNeedingValue !== savedScalars[1]) problems.push('scalars');
    let spares = 0;
    const bits = new Uint32Array(cur.length);
    for (let j = 0; j < k; j++) {
      if (used[j] !== 1) continue;
      if (isSpare(j)) spares++;
      else bits[2 + (j >>> 5)] |= 1 << (j & 31);
    }
    if (spares !== cur[1]) problems.push(`spare count ${cur[1]} (recounted ${spares})`);
    if (lookahead && ahead.cap() !== ahead.recount((i) => lin[i] === 1)) problems.push(`version cap ${ahead.cap()} (recounted ${ahead.recount((i) => lin[i] === 1)})`);
    for (let w = 2; w < cur.length; w++) if (bits[w] !== cur[w]) problems.push(`placed bits word ${w}`);
    for (const [name, was] of saved) arrays[name as keyof typeof arrays].set(was);
    [resetters, deletesNeedingValue] = savedScalars as [number, number];
    if (problems.length > 0) throw new Error(`checker bookkeeping is inconsistent: ${problems.join(', ')}`);
  };
  /** After taking c: moving from val to nVal leaves no way back to a value still needed. */
  const strands = (): boolean => (nVal !== val && needers[val]! > 0 && writers[val] === 0) || (tracked && resetters === 0 && nVer > (lookahead ? ahead.cap() : minObserved()));
  const observer = Uint8Array.from(req, (c) => (isObserver(c) ? 1 : 0));
  /**
   * A garbage value: present, and no remaining operation tells it apart from any other garbage
   * value (none reads it, none compares with it). Registers holding different garbage values (and
   * the same version) have the same futures, so the memo does not tell them apart either.
   */
  function isGarbage(v: number): boolean {
    return v !== 0 && dependents[v] === 0;
  }

  // ---- the search (iterative depth-first)
  const depthMax = n + k + 1;
  const stOp = new Int32Array(depthMax); // i >= 0: req[i]; -(j + 1): opt[j]
  const stVal = new Int32Array(depthMax);
  const stVer = new Int32Array(depthMax);
  const stBlind = new Uint8Array(depthMax);
  /** 1: the operation was the only child tried (an observer placed first, see below). */
  const stForced = new Uint8Array(depthMax);
  const stMinRet = new Float64Array(depthMax);
  const stTried = new Uint8Array(depthMax);
  const stRetired = new Int32Array(depthMax);
  const stInRun = new Uint8Array(depthMax);
  const stRsVal = new Int32Array(depthMax);
  const stRsVer = new Int32Array(depthMax);
  let sp = 0;
  const retired: number[] = [];
  /** The configuration just entered cannot be completed (found while retiring). */
  let doomed = false;
  let val = 0;
  let ver = 0;
  let lastBlind = false;
  // A run of unknown operations placed since the last required one: the state before it. The next
  // required operation must be one that does not fit that state (else the run is useless: leave
  // it out, or place it after that operation, which the search tries elsewhere).
  let inRun = false;
  let rsVal = 0;
  let rsVer = 0;
  /** The current configuration was just entered (its neutral candidates not yet looked for). */
  let fresh = true;
  let entry = next[head]!;
  let phase = 0; // 0: scanning required candidates in the list; 1: trying unknown operations
  let uNext = 0;
  /** Phase 1 of the current configuration tried a spare write (bit 1), an unknown delete (bit 2). */
  let tried = 0;
  let minRet = Infinity;
  let bestDepth = -1;
  let bestPrefix: number[] = [];
  let steps = 0;
  let verdict: Verdict | null = null;
  let reason: string | undefined;

  const noteBest = (): void => {
    if (linCount > bestDepth) {
      bestDepth = linCount;
      bestPrefix = Array.from(stOp.subarray(0, sp));
    }
  };
  /**
   * A step the dead-value rule cut off still counts for the explanation: the search without the
   * rule would have placed it and failed one step later, which is what a reader wants to see.
   */
  const noteStranded = (s: number): void => {
    if (linCount + (s >= 0 ? 1 : 0) > bestDepth) {
      bestDepth = linCount + (s >= 0 ? 1 : 0);
      bestPrefix = [...stOp.subarray(0, sp), s];
    }
  };
  /**
   * In a run of unknown operations, whether the required c may not come next: it fits the state
   * before the run and is an observer (place it before the run instead) or ends in the same state
   * either way (leave the run out).
   */
  const redundantAfterRun = (c: COp): boolean => {
    if (!apply(c, rsVal, rsVer)) return false;
    if (isObserver(c)) return true;
    const v0 = nVal;
    const r0 = nVer;
    return apply(c, val, ver) && nVal === v0 && nVer === r0;
  };
  /**
   * Whether an unknown write of x here could be useful. The required operation after the run it
   * starts or extends must not fit the state s0 before the run; unless an unknown CAS may carry the
   * run on from x, the run ends at x, and (versions aside) the only such operations are: one that
   * needs x (a read of it, a CAS that succeeded from it), a CAS that failed expecting s0, and a
   * delete that answered deleted when s0 is absent.
   */
  const mayBeUseful = (x: number): boolean => {
    if (tracked) return true;
    const list = casExpecting.get(x);
    if (list) for (const j of list) if (used[j] === 0) return true;
    const s0 = inRun ? rsVal : val;
    return needers[x]! > 0 || (x !== s0 && failedCas[s0]! > 0) || (s0 === 0 && deletesNeedingValue > 0);
  };
  const push = (s: number, forced: boolean): void => {
    stOp[sp] = s;
    stVal[sp] = val;
    stVer[sp] = ver;
    stBlind[sp] = lastBlind ? 1 : 0;
    stForced[sp] = forced ? 1 : 0;
    stMinRet[sp] = minRet;
    stTried[sp] = tried;
    stRetired[sp] = retired.length;
    stInRun[sp] = inRun ? 1 : 0;
    stRsVal[sp] = rsVal;
    stRsVer[sp] = rsVer;
    sp++;
  };
  // An unknown CAS expecting a value the register does not hold and can never hold again (nothing
  // remaining writes it) can never take effect: it is retired (and its own write with it, which
  // can leave further values unproducible). Retiring makes more values garbage and finds dead ends
  // earlier; it is undone on backtracking. If a value some remaining operation needs becomes
  // unproducible, the configuration is doomed.
  const casExpecting = new Map<number, number[]>();
  opt.forEach((c, j) => {
    if (c.kind !== CAS_VALUE) return;
    let list = casExpecting.get(c.a);
    if (!list) casExpecting.set(c.a, (list = []));
    list.push(j);
  });
  const work: number[] = [];
  const retireFrom = (v: number): boolean => {
    work.push(v);
    let ok = true;
    while (work.length > 0) {
      const x = work.pop()!;
      if (x === val || writers[x] !== 0) continue;
      if (needers[x]! > 0) ok = false;
      const list = casExpecting.get(x);
      if (!list) continue;
      for (const j of list) {
        if (used[j] !== 0) continue;
        used[j] = 2;
        retired.push(j);
        const c = opt[j]!;
        take(c, 1);
        if (writers[c.b] === 0) work.push(c.b);
      }
    }
    return ok;
  };
  for (let x = 0; x < values.length; x++) if (writers[x] === 0 && casExpecting.has(x)) retireFrom(x);
  noteBest();
  // Some version can already not be reached.
  doomed = tracked && resetters === 0 && (lookahead ? ahead.cap() : minObserved()) < 0;

  // Versions against real time, before any search: a contradiction there is a violation, with an
  // explanation that names the two operations (or the writes) involved.
  const contradiction = lookahead && tracked ? versionContradiction(req, opt) : null;
  if (contradiction) verdict = 'violation';

  search: while (verdict === null) {
    if (linCount === n) {
      verdict = 'ok';
      break;
    }
    if ((++steps & 4095) === 0 && Date.now() > deadlineAt) {
      verdict = 'unknown';
      reason = `time budget of ${opts.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms exceeded`;
      break;
    }
    if (states >= maxStates) {
      verdict = 'unknown';
      reason = `state budget of ${maxStates} configurations exceeded`;
      break;
    }
    let backtrack = doomed;
    doomed = false;
    if (fresh && !backtrack && inRun) {
      // After an unknown operation an observer may not go first (if it fits the state before the
      // run, the run belongs after it; if not, it needs the run and is tried below).
      fresh = false;
      entry = next[head]!;
      phase = 0;
    }
    if (fresh && !backtrack) {
      // A candidate observer (an operation that never changes the register: a read, a CAS that
      // answered failed, a delete that answered absent) that fits now can go first: in any
      // linearization from here, moving it to the front changes no state (it has no effect
      // wherever it is) and breaks no real-time order (nothing remaining had to precede it). So
      // it is the only child tried. This makes concurrent reads cheap.
      fresh = false;
      let forced = -1;
      for (let e = next[head]!; e < head && (e & 1) === 0; e = next[e]!) {
        if (observer[e >> 1] === 1 && apply(req[e >> 1]!, val, ver)) {
          forced = e >> 1;
          break;
        }
      }
      if (forced >= 0) {
        mark(forced);
        take(req[forced]!, 1);
        if (visit(configKey(val, ver), null, false)) {
          push(forced, true);
          lift(forced);
          lastBlind = false;
          fresh = true;
          noteBest();
          continue;
        }
        take(req[forced]!, -1);
        unmark(forced);
        backtrack = true;
      } else {
        entry = next[head]!;
        phase = 0;
      }
    }
    if (!backtrack && phase === 0) {
      if (entry < head && (entry & 1) === 0) {
        const i = entry >> 1;
        const c = req[i]!;
        if (!(inRun && redundantAfterRun(c)) && apply(c, val, ver)) {
          take(c, 1);
          if (strands()) {
            noteStranded(i);
          } else {
            mark(i);
            if (visit(configKey(nVal, nVer), null, false)) {
              push(i, false);
              lift(i);
              const left = val;
              val = nVal;
              ver = nVer;
              lastBlind = false;
              inRun = false;
              fresh = true;
              noteBest();
              if (left !== val) doomed = !retireFrom(left);
              continue;
            }
            unmark(i);
          }
          take(c, -1);
        }
        entry = next[entry]!;
        continue;
      }
      // The first return entry: every required candidate was tried. Now the unknown operations
      // invoked no later than it.
      minRet = time(entry);
      phase = 1;
      uNext = 0;
      tried = 0;
    }
    if (!backtrack) {
      while (uNext < k && opt[uNext]!.invoke <= minRet) {
        const j = uNext++;
        if (used[j]) continue;
        const c = opt[j]!;
        const b = blind(c);
        if (b && lastBlind) continue;
        // Unknown deletes are interchangeable, and so are spare writes: the others stay available
        // (no deadline) for later, so trying one of each here is enough.
        if (c.kind === DELETE) {
          if (tried & 2) continue;
          tried |= 2;
        } else if (c.kind === WRITE) {
          if (isSpare(j)) {
            if (tried & 1) continue;
            tried |= 1;
          }
          if (!tracked && isGarbage(c.a) && isGarbage(val)) continue; // garbage over garbage changes nothing that matters
          if (!mayBeUseful(c.a)) continue;
        }
        apply(c, val, ver);
        if (nVal === val && nVer === ver) continue; // changes nothing
        take(c, 1);
        if (strands()) {
          noteStranded(-(j + 1));
        } else {
          place(j);
          used[j] = 1;
          if (visit(configKey(nVal, nVer), inRun ? stateKey(rsVal, rsVer) : stateKey(val, ver), b)) {
            push(-(j + 1), false);
            if (!inRun) {
              inRun = true;
              rsVal = val;
              rsVer = ver;
            }
            const left = val;
            val = nVal;
            ver = nVer;
            lastBlind = b;
            fresh = true;
            if (left !== val) doomed = !retireFrom(left);
            continue search;
          }
          used[j] = 0;
          unplace(j);
        }
        take(c, -1);
      }
    }
    // Nothing more to try here: backtrack (past every forced step).
    for (;;) {
      if (sp === 0) {
        verdict = 'violation';
        break search;
      }
      sp--;
      while (retired.length > stRetired[sp]!) {
        const j = retired.pop()!;
        used[j] = 0;
        take(opt[j]!, -1);
      }
      const top = stOp[sp]!;
      val = stVal[sp]!;
      ver = stVer[sp]!;
      lastBlind = stBlind[sp] === 1;
      inRun = stInRun[sp] === 1;
      rsVal = stRsVal[sp]!;
      rsVer = stRsVer[sp]!;
      if (top >= 0) {
        take(req[top]!, -1);
        unmark(top);
        unlift(top);
        phase = 0;
        entry = next[2 * top]!;
      } else {
        const j = -top - 1;
        take(opt[j]!, -1);
        used[j] = 0;
        unplace(j);
        phase = 1;
        minRet = stMinRet[sp]!;
        tried = stTried[sp]!;
        uNext = j + 1;
      }
      if (stForced[sp] === 0) break;
    }
  }

  const opId = (s: number): number => (s >= 0 ? req[s]! : opt[-s - 1]!).op.id;
  const result: KeyResult = {
    key,
    verdict,
    ok: verdict === 'ok',
    checkedOps: n + k,
    requiredOps: n,
    optionalOps: k,
    droppedOps: dropped,
    exploredStates: states,
    elapsedMs: 0,
  };
  if (verdict === 'ok') result.linearization = Array.from(stOp.subarray(0, sp), opId);
  if (verdict === 'unknown') result.reason = reason;
  if (verdict === 'violation') {
    // The look-ahead can find a violation long before the search reaches it, which makes a poor
    // explanation (a short prefix). A search without it, given a small budget, usually walks up
    // to the operation that cannot be placed.
    const plainer = lookahead && tracked ? checkKey(key, ops, { ...opts, trusted: true, lookahead: false, maxStates: Math.min(maxStates, 50_000), timeoutMs: Math.min(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, 2_000) }) : null;
    const step = (c: COp, v: number, vr: number): [number, number] | null => (apply(c, v, vr) ? [nVal, nVer] : null);
    if (contradiction) {
      const p = plainer?.violation;
      result.violation = {
        longestPrefix: p?.longestPrefix ?? [],
        state: p?.state ?? { value: null, version: 0 },
        stateSetBy: p?.stateSetBy ?? null,
        deadline: p?.deadline ?? null,
        stuck: [
          { ...contradiction.stuck, reason: [contradiction.stuck.reason, ...(p?.stuck.filter((x) => x.id === contradiction.stuck.id).map((x) => x.reason) ?? [])].join('; ') },
          ...(p?.stuck.filter((x) => x.id !== contradiction.stuck.id) ?? []),
        ],
        message: p ? `${contradiction.message}\n${p.message.replace(/^not linearizable: /, 'Also, ')}` : contradiction.message,
      };
    } else {
      result.violation = plainer?.violation ?? explain({ req, opt, values, tracked, step, sets, needs }, bestPrefix);
    }
  }
  result.elapsedMs = performance.now() - t0;
  return result;
}

/** An operation that never changes the register: a read, a CAS that answered failed, a delete that answered absent. */
function isObserver(c: COp): boolean {
  return c.required && (c.kind === READ || (c.kind !== WRITE && c.out === 0));
}

interface ExplainContext {
  req: COp[];
  opt: COp[];
  values: (string | null)[];
  tracked: boolean;
  /** The model: (c, val, ver) → the next state, or null if c's answer contradicts the register. */
  step: (c: COp, val: number, ver: number) => [number, number] | null;
  sets: (c: COp) => number;
  needs: (c: COp) => number;
}

/** The version a required operation must see (a read that recorded one, a CAS on version that succeeded), or -1. */
function mustSeeVersion(c: COp): number {
  if (c.kind === READ) return c.outVersion;
  if (c.kind === CAS_VERSION && c.out === 1) return c.a;
  return -1;
}

/** A required operation that certainly adds one to the version (a write, a CAS that succeeded writing a value). */
function bumpsVersion(c: COp): boolean {
  return c.required && (c.kind === WRITE || ((c.kind === CAS_VALUE || c.kind === CAS_VERSION) && c.out === 1 && c.b !== 0));
}

/**
 * When nothing on the key can set the version back, versions only grow along any linearization,
 * so an operation that must see version e contradicts real time if something that completed
 * before it was invoked saw a higher version, or if more than e writes completed before it was
 * invoked.
 */
function versionContradiction(req: COp[], opt: COp[]): { stuck: StuckOp; message: string } | null {
  if (req.some(resetsVersion) || opt.some(resetsVersion)) return null;
  const observers = req.filter((c) => mustSeeVersion(c) >= 0); // by invocation
  if (observers.length === 0) return null;
  const byComplete = [...observers].sort((a, b) => a.complete - b.complete);
  const highest: COp[] = [];
  for (const q of byComplete) highest.push(highest.length > 0 && mustSeeVersion(highest[highest.length - 1]!) >= mustSeeVersion(q) ? highest[highest.length - 1]! : q);
  const writes = req.filter(bumpsVersion).sort((a, b) => a.complete - b.complete);
  /** How many of the sorted list completed strictly before t. */
  const before = (list: COp[], t: number): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.complete < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const r of observers) {
    const e = mustSeeVersion(r);
    const i = before(byComplete, r.invoke);
    const q = i > 0 ? highest[i - 1]! : null;
    if (q && mustSeeVersion(q) > e) {
      return {
        stuck: { id: r.op.id, op: describeOp(r.op), reason: `saw version ${e}, but #${q.op.id} saw version ${mustSeeVersion(q)} and completed before it was invoked` },
        message: `not linearizable: ${describeOp(q.op)} saw version ${mustSeeVersion(q)} and completed before ${describeOp(r.op)} was invoked, which saw version ${e}; versions only grow (nothing on this key deletes)`,
      };
    }
    const w = before(writes, r.invoke);
    if (w > e) {
      const ids = writes.slice(0, w).map((c) => `#${c.op.id}`);
      const some = ids.length <= 5 ? ids.join(', ') : `…, ${ids.slice(-5).join(', ')}`;
      return {
        stuck: { id: r.op.id, op: describeOp(r.op), reason: `saw version ${e}, but ${w} acknowledged writes (${some}) completed before it was invoked` },
        message: `not linearizable: ${w} acknowledged writes completed before ${describeOp(r.op)} was invoked, so the version was at least ${w} by then, but it saw version ${e}; versions only grow (nothing on this key deletes)`,
      };
    }
  }
  return null;
}

/** Whether c can set the version back (delete, CAS-delete). */
function resetsVersion(c: COp): boolean {
  return c.kind === DELETE || ((c.kind === CAS_VALUE || c.kind === CAS_VERSION) && c.b === 0 && (!c.required || c.out === 1));
}

/**
 * Describes why the search could not go past its longest prefix: the prefix (extended by the
 * observers that fit after it, as the search places them), the register after it, and why each
 * operation that could come next does not fit.
 */
function explain(x: ExplainContext, found: number[]): Violation {
  const { req, opt, values, tracked, step } = x;
  const x_needs = x.needs;
  const x_sets = x.sets;
  const at = (s: number): COp => (s >= 0 ? req[s]! : opt[-s - 1]!);
  const fmt = (v: number): string => (v === 0 ? 'absent' : JSON.stringify(values[v]));
  const fmtState = (v: number, vr: number): string => (tracked ? `${fmt(v)} (version ${vr})` : fmt(v));

  const prefix = [...found];
  let val = 0;
  let ver = 0;
  let setBy: number | null = null;
  const placed = new Set<number>();
  const place = (s: number): void => {
    const c = at(s);
    const r = step(c, val, ver);
    // The search only records prefixes it could apply; be lenient if not.
    if (r) [val, ver] = r;
    if (x.sets(c) >= 0) setBy = c.op.id;
    placed.add(s);
  };
  for (const s of prefix) place(s);
  const remaining = (): number[] => req.map((_, i) => i).filter((i) => !placed.has(i));
  const candidates = (): { deadline: number; next: number[] } => {
    const rest = remaining();
    let dl = -1;
    for (const i of rest) if (dl < 0 || req[i]!.complete < req[dl]!.complete) dl = i;
    const minRet = dl < 0 ? Infinity : req[dl]!.complete;
    return { deadline: dl, next: rest.filter((i) => req[i]!.invoke <= minRet) };
  };
  // Place the observers that fit, as the search does.
  for (let more = true; more; ) {
    more = false;
    for (const i of candidates().next) {
      if (isObserver(req[i]!) && step(req[i]!, val, ver)) {
        place(i);
        prefix.push(i);
        more = true;
        break;
      }
    }
  }
  const { deadline: dl, next } = candidates();
  const stuck: StuckOp[] = [];
  for (const i of next) {
    const c = req[i]!;
    let why: string;
    const r = step(c, val, ver);
    if (r) {
      // Would it leave a value some remaining operation needs unreachable, or overshoot a version?
      const others = [...remaining().filter((j) => j !== i), ...opt.map((_, j) => -(j + 1)).filter((s) => !placed.has(s))];
      const needer = r[0] !== val ? others.find((s) => s >= 0 && x.needs(req[s]!) === val) : undefined;
      const writer = needer === undefined ? undefined : others.find((s) => x.sets(at(s)) === val);
      const overshot = tracked && !others.some((s) => resetsVersion(at(s))) ? others.find((s) => s >= 0 && mustSeeVersion(req[s]!) >= 0 && mustSeeVersion(req[s]!) < r[1]) : undefined;
      if (needer !== undefined && writer === undefined) {
        why = `fits, but after it the register can never hold ${fmt(val)} again, which ${describeOp(req[needer]!.op)} needs`;
      } else if (overshot !== undefined) {
        why = `fits, but after it the version is ${r[1]}, past version ${mustSeeVersion(req[overshot]!)} that ${describeOp(req[overshot]!.op)} must see (versions only grow)`;
      } else {
        why = 'fits here, but no continuation after it succeeds';
      }
    } else {
      switch (c.kind) {
        case READ:
          why = `read ${c.outVersion >= 0 ? fmtState(c.out, c.outVersion) : fmt(c.out)}, but the register holds ${fmtState(val, ver)}`;
          break;
        case DELETE:
          why = c.out === 1 ? 'reported deleting a value, but the key is absent' : `reported the key absent, but the register holds ${fmtState(val, ver)}`;
          break;
        default: {
          const expected = c.kind === CAS_VALUE ? `the expected ${fmt(c.a)}` : `the expected version ${c.a}`;
          why = c.out === 1 ? `succeeded, but the register holds ${fmtState(val, ver)}, not ${expected}` : `failed, but the register holds ${expected}`;
        }
      }
    }
    stuck.push({ id: c.op.id, op: describeOp(c.op), reason: why });
  }
  // Operations further on that can no longer be placed at all: the value they need is gone for
  // good, or the version they must see is already behind.
  {
    const rest = remaining();
    const unknownLeft = opt.map((_, j) => -(j + 1)).filter((s) => !placed.has(s));
    const resettable = [...rest.map((i) => req[i]!), ...unknownLeft.map(at)].some(resetsVersion);
    for (const i of rest) {
      if (next.includes(i)) continue;
      const c = req[i]!;
      const x = x_needs(c);
      if (x >= 0 && x !== val && ![...rest.filter((j) => j !== i), ...unknownLeft].some((s) => x_sets(at(s)) === x)) {
        stuck.push({ id: c.op.id, op: describeOp(c.op), reason: `needs the register to hold ${fmt(x)}, but it holds ${fmt(val)} and nothing left can write ${fmt(x)}` });
        break;
      }
      const e = mustSeeVersion(c);
      if (tracked && !resettable && e >= 0 && e < ver) {
        stuck.push({ id: c.op.id, op: describeOp(c.op), reason: `must see version ${e}, but the register is at version ${ver} already (versions only grow)` });
        break;
      }
    }
  }
  const state: RegisterState = tracked ? { value: values[val]!, version: ver } : { value: values[val]! };
  const deadline = dl < 0 ? null : { id: req[dl]!.op.id, op: describeOp(req[dl]!.op) };
  const lines = [
    `not linearizable: after the longest consistent prefix (${prefix.length} operations${setBy === null ? '' : `, last change by #${setBy}`}) the register holds ${fmtState(val, ver)}` +
      (deadline ? `; ${deadline.op} completed first among the rest, so it or an operation invoked before it completed must come next, and none can:` : ':'),
    ...stuck.slice(0, next.length).map((s) => `  ${s.op}: ${s.reason}`),
    ...(stuck.length > next.length ? ['and further on:', ...stuck.slice(next.length).map((s) => `  ${s.op}: ${s.reason}`)] : []),
  ];
  return {
    longestPrefix: prefix.map((s) => at(s).op.id),
    state,
    stateSetBy: setBy,
    deadline,
    stuck,
    message: lines.join('\n'),
  };
}
