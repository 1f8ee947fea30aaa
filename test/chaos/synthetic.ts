// Synthetic histories of a linearizable key/value store, for testing and timing the checker:
// clients run operations back to back against a perfect store whose every operation takes effect
// at one instant inside its interval; some operations time out (unknown: they took effect or not)
// or fail (no effect).
import type { Operation, Outcome } from '../../deploy/chaos/history.js';

export interface SyntheticOptions {
  ops: number;
  keys: number;
  clients: number;
  seed?: number;
  /** Mean latency before and after the linearization point, ms. */
  latencyMs?: number;
  /** Probability that an operation times out (then it took effect with probability 1/2). */
  unknownRate?: number;
  failRate?: number;
  /** Mix of reads, writes and CAS (weights). */
  mix?: { read: number; write: number; cas: number };
  /** Reads record the version, and a third of the CAS compare versions (as the chaos runner does). */
  versions?: boolean;
}

export function syntheticHistory(o: SyntheticOptions): Operation[] {
  const rand = mulberry32(o.seed ?? 1);
  const latency = o.latencyMs ?? 5;
  const unknownRate = o.unknownRate ?? 0.02;
  const failRate = o.failRate ?? 0.01;
  const mix = o.mix ?? { read: 5, write: 3, cas: 2 };
  const total = mix.read + mix.write + mix.cas;

  // Each client's timeline: invoke, linearization point, completion.
  interface Planned {
    client: number;
    invoke: number;
    point: number;
    complete: number;
    key: string;
    kind: 'read' | 'write' | 'cas';
    outcome: Outcome;
    applied: boolean;
  }
  const planned: Planned[] = [];
  const clock = Array.from({ length: o.clients }, () => rand() * latency);
  for (let i = 0; i < o.ops; i++) {
    // The client that is free first goes next (keeps clients busy, all concurrent).
    let c = 0;
    for (let j = 1; j < o.clients; j++) if (clock[j]! < clock[c]!) c = j;
    const invoke = clock[c]!;
    const point = invoke + rand() * 2 * latency;
    let complete = point + rand() * 2 * latency;
    const r = rand() * total;
    const kind = r < mix.read ? 'read' : r < mix.read + mix.write ? 'write' : 'cas';
    let outcome: Outcome = 'ok';
    let applied = true;
    const f = rand();
    if (f < unknownRate) {
      outcome = 'unknown';
      applied = rand() < 0.5;
      complete = point + 20 * latency; // the client's timeout
    } else if (f < unknownRate + failRate) {
      outcome = 'fail';
      applied = false;
    }
    planned.push({ client: c, invoke, point, complete, key: `key-${Math.floor(rand() * o.keys)}`, kind, outcome, applied });
    clock[c] = complete + rand() * latency;
  }

  // Apply in linearization order to learn the outputs.
  const state = new Map<string, string | null>();
  const version = new Map<string, number>();
  const bump = (key: string, value: string): void => {
    state.set(key, value);
    version.set(key, (version.get(key) ?? 0) + 1);
  };
  const byPoint = planned.map((p, i) => i).sort((a, b) => planned[a]!.point - planned[b]!.point);
  const ops: Operation[] = new Array(planned.length);
  for (const i of byPoint) {
    const p = planned[i]!;
    const cur = state.get(p.key) ?? null;
    const ver = version.get(p.key) ?? 0;
    const base = { id: i, client: p.client, key: p.key, invokeMs: p.invoke, completeMs: p.complete, outcome: p.outcome };
    const value = `v${i}`;
    switch (p.kind) {
      case 'read':
        ops[i] = { ...base, kind: 'read', ...(p.outcome === 'ok' ? { output: cur, ...(o.versions ? { version: ver } : {}) } : {}) };
        break;
      case 'write':
        ops[i] = { ...base, kind: 'write', input: value };
        if (p.applied) bump(p.key, value);
        break;
      case 'cas': {
        if (o.versions && rand() < 1 / 3) {
          const expectedVersion = rand() < 0.7 ? ver : Math.floor(rand() * (ver + 2));
          const succeeded = expectedVersion === ver;
          ops[i] = { ...base, kind: 'cas', input: { expectedVersion, value }, ...(p.outcome === 'ok' ? { output: succeeded } : {}) };
          if (p.applied && succeeded) bump(p.key, value);
          break;
        }
        // Mostly the value the client would have read just before; sometimes a stale guess.
        const expected = rand() < 0.7 ? cur : `v${Math.floor(rand() * i)}`;
        const succeeded = expected === cur;
        ops[i] = { ...base, kind: 'cas', input: { expected, value }, ...(p.outcome === 'ok' ? { output: succeeded } : {}) };
        if (p.applied && succeeded) bump(p.key, value);
        break;
      }
    }
  }
  return ops;
}

/** A small seeded PRNG: uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
