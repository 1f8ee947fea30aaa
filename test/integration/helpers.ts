// Shared pieces of the integration tests: bounded waits, concurrent writers that record every
// acknowledged write, reading a prefix back, and running the `baton` CLI as a child process.
// Every child process started here is tracked and can be killed by pid (killChildren).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BatonClient, BatonClientError } from '../../src/client/client.js';
import type { ListManagersResponse__Output } from '../../src/gen/baton/v1/ListManagersResponse';
import type { LocalCluster } from '../../deploy/local/cluster.js';

export const BIN = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));

/** Faster elections for tests where the default timing does not matter. */
export const FAST = ['--election-timeout', '300'];

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls `probe` until it returns something other than null/undefined/false, at most `timeoutMs`.
 * A probe that throws counts as "not yet"; the last error is named in the timeout message.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown = null;
  for (let i = 0; i < 100_000; i++) {
    try {
      const v = await probe();
      if (v !== null && v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= end) break;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

/** A client bound to one manager only (no failover): to write or read through that manager. */
export function clientOf(address: string, timeoutMs = 10_000): BatonClient {
  return new BatonClient({ managers: [address], timeoutMs });
}

/** Runs fn with a client and closes it afterwards. */
export async function withClient<T>(c: BatonClient, fn: (c: BatonClient) => Promise<T>): Promise<T> {
  try {
    return await fn(c);
  } finally {
    c.close();
  }
}

/** Calls fn, expecting a BatonClientError; returns it (fails if fn succeeded). */
export async function expectClientError(fn: () => Promise<unknown>): Promise<BatonClientError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof BatonClientError) return e;
    throw e;
  }
  throw new Error('the call succeeded; an error was expected');
}

/** Membership as a comparable value: sorted "id:role" strings. */
export function membership(r: ListManagersResponse__Output): string[] {
  return r.managers.map((m) => `${m.member!.id}:${m.role}`).sort();
}

/** Waits until the cluster lists exactly `ids` as voters, with a leader, every one reachable. */
export async function waitForHealthy(cluster: LocalCluster, voterIds: number[], timeoutMs = 20_000): Promise<ListManagersResponse__Output> {
  const want = [...voterIds].sort((a, b) => a - b).join(',');
  return withClient(cluster.client(2_000), (c) =>
    waitFor(
      `voters ${want}, a leader and everyone reachable`,
      async () => {
        const r = await c.listManagers();
        const voters = r.managers
          .filter((m) => m.role === 'MANAGER_VOTER')
          .map((m) => Number(m.member!.id))
          .sort((a, b) => a - b)
          .join(',');
        const ok = r.leader !== 0 && voters === want && r.managers.every((m) => m.reachable) && r.managers.filter((m) => m.leader).length === 1;
        return ok ? r : null;
      },
      timeoutMs,
    ),
  );
}

/** Reads every key under prefix through a linearizable Range (paging with start_after). */
export async function readPrefix(c: BatonClient, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let after = '';
  for (let page = 0; page < 10_000; page++) {
    const r = await c.range(prefix, { limit: 1000, startAfter: after });
    for (const kv of r.kvs) out.set(kv.key, kv.value.toString());
    if (!r.more || r.kvs.length === 0) return out;
    after = r.kvs[r.kvs.length - 1]!.key;
  }
  throw new Error('too many pages');
}

/** Checks that every acknowledged write is present with its value; returns the missing/wrong keys. */
export function missingWrites(acked: Map<string, string>, found: Map<string, string>): string[] {
  const bad: string[] = [];
  for (const [k, v] of acked) if (found.get(k) !== v) bad.push(`${k}: wrote ${v}, read ${found.get(k) ?? '(absent)'}`);
  return bad;
}

export interface WriteFailure {
  writer: number;
  key: string;
  at: number;
  error: string;
}

/**
 * N concurrent writers, each with its own client, each putting distinct keys one after another
 * (`<prefix>/w<i>/<seq>`) and recording every acknowledged write. A failed put is recorded and
 * retried (same key and value) until it succeeds or the writers are stopped.
 */
export class Writers {
  readonly acked = new Map<string, string>();
  readonly failures: WriteFailure[] = [];
  /** Time of every acknowledgement, all writers together. */
  readonly ackTimes: number[] = [];
  /** [issued, acknowledged] times of every acknowledged put. */
  readonly spans: [number, number][] = [];
  readonly perWriter: number[];
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private readonly clients: BatonClient[] = [];

  constructor(
    addresses: string[],
    readonly n: number,
    readonly prefix: string,
    timeoutMs = 10_000,
  ) {
    this.perWriter = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      // Each writer starts on a different manager, so some write through followers.
      const rotated = [...addresses.slice(i % addresses.length), ...addresses.slice(0, i % addresses.length)];
      this.clients.push(new BatonClient({ managers: rotated, timeoutMs }));
    }
  }

  start(): this {
    for (let i = 0; i < this.n; i++) this.loops.push(this.loop(i));
    return this;
  }

  private async loop(i: number): Promise<void> {
    const c = this.clients[i]!;
    let seq = 0;
    while (!this.stopped) {
      const key = `${this.prefix}/w${i}/${String(seq).padStart(6, '0')}`;
      const value = `v${i}.${seq}`;
      const issued = Date.now();
      try {
        await c.put(key, value);
        const now = Date.now();
        this.acked.set(key, value);
        this.ackTimes.push(now);
        this.spans.push([issued, now]);
        this.perWriter[i]!++;
        seq++;
      } catch (e) {
        this.failures.push({ writer: i, key, at: Date.now(), error: e instanceof BatonClientError ? `${e.codeName}: ${e.message}` : String(e) });
        await sleep(20);
      }
    }
  }

  /** Waits until every writer had at least `count` more writes acknowledged than when called. */
  async waitForProgress(count: number, timeoutMs = 30_000): Promise<void> {
    const base = [...this.perWriter];
    try {
      await waitFor(`every writer to have ${count} more writes acknowledged`, () => this.perWriter.every((x, i) => x - base[i]! >= count), timeoutMs, 20);
    } catch (e) {
      const last = this.failures[this.failures.length - 1];
      throw new Error(`${(e as Error).message}; progress per writer: ${this.perWriter.map((x, i) => x - base[i]!).join(',')}${last ? `; last failure: ${last.error}` : ''}`);
    }
  }

  /** Stops the writers (each finishes its put in flight) and closes their clients. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
    for (const c of this.clients) c.close();
  }

  /** The longest time without any acknowledged write, between `from` and the last acknowledgement. */
  maxGap(from = 0): { ms: number; start: number; end: number } {
    const times = [...this.ackTimes].sort((a, b) => a - b);
    let best = { ms: 0, start: 0, end: 0 };
    let prev = from > 0 ? from : (times[0] ?? 0);
    for (const t of times) {
      if (t < prev) continue;
      if (t - prev > best.ms) best = { ms: t - prev, start: prev, end: t };
      prev = t;
    }
    return best;
  }

  /** When the first put issued after time t was acknowledged, in ms after t (null: none). */
  firstIssuedAfter(t: number): number | null {
    let first: number | null = null;
    for (const [issued, acked] of this.spans) if (issued >= t && (first === null || acked < first)) first = acked;
    return first === null ? null : first - t;
  }

  /** The longest time one put took to be acknowledged (retries included). */
  slowest(): number {
    let m = 0;
    for (const [issued, acked] of this.spans) m = Math.max(m, acked - issued);
    return m;
  }
}

// ---------------------------------------------------------------------------- the CLI

const children = new Set<ChildProcess>();

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/baton.js ...args`, killed (by pid) after timeoutMs. */
export function runCli(args: string[], timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, BATON_LOG_LEVEL: 'warn' };
    delete env['BATON_MANAGERS'];
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    children.add(p);
    let stdout = '';
    let stderr = '';
    p.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      if (p.exitCode === null && p.signalCode === null) process.kill(p.pid!, 'SIGKILL');
    }, timeoutMs);
    p.once('error', (e) => {
      clearTimeout(timer);
      children.delete(p);
      reject(e);
    });
    p.once('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(p);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Kills (SIGKILL, by pid) every CLI child still running. */
export async function killChildren(): Promise<void> {
  await Promise.all(
    [...children].map(async (p) => {
      if (p.exitCode !== null || p.signalCode !== null) return;
      const closed = new Promise<void>((r) => p.once('close', () => r()));
      process.kill(p.pid!, 'SIGKILL');
      await Promise.race([closed, sleep(5_000)]);
    }),
  );
  children.clear();
}
