// Load-generator process of the Raft benchmarks (test/bench/raft.ts, test/bench/failover.ts).
// Started by them as a child process (`node --import tsx test/bench/load-worker.ts`) with an IPC
// channel; never run by hand. One Node process cannot generate enough gRPC load against the
// managers (the client side of a unary call costs about as much as the server side), so the
// benchmarks spread the load over a few of these.
//
// Protocol (IPC messages, 'advanced' serialization):
//   parent -> worker  { type: 'setup', ...Setup }        worker -> parent { type: 'ready' } once connected
//   parent -> worker  { type: 'go', measureFrom, measureTo }   (absolute ms, Date.now() clock)
//   worker -> parent  { type: 'result', ...Result }  after measureTo and the in-flight requests, then exits
// Mode 'writer' (failover): sequential puts from 'go' until { type: 'stop' }, then
//   worker -> parent  { type: 'writes', okAt: Float64Array (completion times, ms), errors, errorSamples }
//   meanwhile { type: 'poll' } is answered with { type: 'progress', n, lastOkAt }
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

import { BatonClient } from '../../src/client/client.js';

export type WorkerMode = 'unary' | 'stub' | 'stream' | 'etcd' | 'writer';

export interface Setup {
  mode: WorkerMode;
  /** Addresses in order of preference (the first is where the load goes). */
  addresses: string[];
  /** Concurrent closed-loop clients in this process. */
  clients: number;
  valueBytes: number;
  /** Distinct per run and per worker: keys are `${keyPrefix}/${client}/${seq}`. */
  keyPrefix: string;
  /**
   * With N > 0, keys are `${keyPrefix}/${i}` with i spread over 0..N-1 (the same N keys written over
   * and over, by every run that shares the prefix), like etcd's benchmark --key-space-size: the
   * store stays at N keys however long the benchmark runs. 0 or absent: distinct keys.
   */
  keySpace?: number;
  /** Client deadline per call. */
  timeoutMs: number;
  /** Streaming mode: how many sessions (streams) to spread the clients over. */
  sessions?: number;
}

export interface Result {
  ops: number;
  errors: number;
  /** Latency of every put completed inside the window, ms. */
  latencies: Float64Array;
  firstError: string | null;
  /** Puts still unanswered when the worker gave up waiting for them. */
  abandoned: number;
}

const ETCD_PROTO = fileURLToPath(new URL('./etcd/kv.proto', import.meta.url));
const PROTO_DIR = fileURLToPath(new URL('../../proto', import.meta.url));

type PutFn = (key: string, value: Buffer) => Promise<unknown>;

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the etcd stub and the bare baton stub have in common: a unary Put. */
interface PutStub extends grpc.Client {
  Put(req: { key: Buffer | string; value: Buffer }, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null) => void): grpc.ClientUnaryCall;
}

/**
 * A bare grpc-js stub, loaded with @grpc/proto-loader like any generic gRPC client would: the same
 * load generator for etcd's KV/Put and for baton's Control/Put (mode 'stub'), so that the two
 * unary workloads differ only in the server.
 */
function stubPut(setup: Setup, closers: (() => void)[]): PutFn {
  const etcd = setup.mode === 'etcd';
  const def = etcd
    ? protoLoader.loadSync(ETCD_PROTO, { keepCase: false, longs: String, defaults: true })
    : protoLoader.loadSync('baton/v1/control.proto', { keepCase: false, longs: String, defaults: true, includeDirs: [PROTO_DIR] });
  type Ctor = new (addr: string, creds: grpc.ChannelCredentials) => PutStub;
  const pkg = grpc.loadPackageDefinition(def) as unknown as { etcdserverpb: { KV: Ctor }; baton: { v1: { Control: Ctor } } };
  const Stub = etcd ? pkg.etcdserverpb.KV : pkg.baton.v1.Control;
  const stub = new Stub(setup.addresses[0]!, grpc.credentials.createInsecure());
  closers.push(() => stub.close());
  return (key, v) =>
    new Promise<void>((resolve, reject) =>
      stub.Put({ key: etcd ? Buffer.from(key) : key, value: v }, { deadline: Date.now() + setup.timeoutMs }, (e) => (e ? reject(e) : resolve())),
    );
}

/** Sends to the parent; resolves once the message is handed to the channel (before exiting). */
function send(msg: unknown): Promise<void> {
  return new Promise((resolve) => process.send!(msg, undefined, {}, () => resolve()));
}

async function main(setup: Setup): Promise<void> {
  const value = Buffer.alloc(setup.valueBytes, 0x62);
  const closers: (() => void)[] = [];
  const puts: PutFn[] = []; // one per closed-loop client

  if (setup.mode === 'etcd' || setup.mode === 'stub') {
    const put = stubPut(setup, closers);
    for (let i = 0; i < setup.clients; i++) puts.push(put);
  } else {
    const client = new BatonClient({ managers: setup.addresses, timeoutMs: setup.timeoutMs });
    closers.push(() => client.close());
    if (setup.mode === 'stream') {
      const n = Math.max(1, Math.min(setup.sessions ?? 1, setup.clients));
      const sessions = Array.from({ length: n }, () => client.session());
      closers.unshift(() => sessions.forEach((s) => s.close()));
      for (let i = 0; i < setup.clients; i++) {
        const s = sessions[i % n]!;
        puts.push((key, v) => s.put(key, v));
      }
    } else {
      for (let i = 0; i < setup.clients; i++) puts.push((key, v) => client.put(key, v));
    }
  }

  // Connect (and warm the code paths) before saying ready: one put per client.
  await Promise.all(puts.map((p, i) => p(`${setup.keyPrefix}/warm/${i}`, value)));
  await send({ type: 'ready' });

  const go = await nextMessage<{ type: 'go'; measureFrom: number; measureTo: number } | { type: 'stop' }>();
  if (go.type !== 'go') return;

  if (setup.mode === 'writer') {
    await writer(puts[0]!, setup, value);
  } else {
    await closedLoop(puts, setup, value, go.measureFrom, go.measureTo);
  }
  for (const c of closers) c();
}

async function closedLoop(puts: PutFn[], setup: Setup, value: Buffer, measureFrom: number, measureTo: number): Promise<void> {
  let ops = 0;
  let errors = 0;
  let firstError: string | null = null;
  let lat = new Float64Array(1 << 16);
  let inFlight = 0;
  const record = (ms: number) => {
    if (ops === lat.length) {
      const bigger = new Float64Array(lat.length * 2);
      bigger.set(lat);
      lat = bigger;
    }
    lat[ops++] = ms;
  };
  const space = setup.keySpace ?? 0;
  // A multiplicative hash of (client, seq) spreads each client's writes over the whole key space.
  const keyOf = (c: number, seq: number) =>
    space > 0 ? `${setup.keyPrefix}/${((Math.imul(seq + 1, 2654435761) ^ Math.imul(c + 1, 40503) ^ process.pid) >>> 0) % space}` : `${setup.keyPrefix}/${c}/${seq}`;
  const loops = puts.map(async (put, c) => {
    for (let seq = 0; now() < measureTo; seq++) {
      const t0 = performance.now();
      inFlight++;
      try {
        await put(keyOf(c, seq), value);
        inFlight--;
        const t1 = performance.now();
        const at = performance.timeOrigin + t1;
        if (at >= measureFrom && at < measureTo) record(t1 - t0);
      } catch (e) {
        inFlight--;
        const at = now();
        if (at >= measureFrom && at < measureTo) errors++;
        firstError ??= (e as Error).message;
        await sleep(5);
      }
    }
  });
  // Every loop ends by itself after measureTo once its put is answered; do not wait forever for
  // a put that never is (the parent kills this process anyway if it does not report).
  let abandoned = 0;
  await Promise.race([Promise.all(loops), sleep(Math.max(0, measureTo - now()) + setup.timeoutMs + 1000)]);
  abandoned = inFlight;
  const result: Result = { ops, errors, latencies: lat.subarray(0, ops).slice(), firstError, abandoned };
  await send({ type: 'result', ...result });
}

async function writer(put: PutFn, setup: Setup, value: Buffer): Promise<void> {
  let stop = false;
  let okAt = new Float64Array(1 << 14);
  let n = 0;
  void (async () => {
    for (;;) {
      const m = await nextMessage<{ type: 'stop' } | { type: 'poll' }>();
      if (m.type === 'stop') break;
      await send({ type: 'progress', n, lastOkAt: n > 0 ? okAt[n - 1] : 0 });
    }
    stop = true;
  })();
  let errors = 0;
  const errorSamples: string[] = [];
  for (let seq = 0; !stop; seq++) {
    try {
      await put(`${setup.keyPrefix}/${seq}`, value);
      if (n === okAt.length) {
        const bigger = new Float64Array(okAt.length * 2);
        bigger.set(okAt);
        okAt = bigger;
      }
      okAt[n++] = now();
    } catch (e) {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(`${new Date().toISOString()} ${(e as Error).message.slice(0, 200)}`);
      await sleep(5);
    }
  }
  await send({ type: 'writes', okAt: okAt.subarray(0, n).slice(), errors, errorSamples });
}

const inbox: unknown[] = [];
const waiters: ((m: unknown) => void)[] = [];
process.on('message', (m) => {
  const w = waiters.shift();
  if (w) w(m);
  else inbox.push(m);
});
// The parent died or closed the channel: nothing to report to any more.
process.on('disconnect', () => process.exit(0));

function nextMessage<T>(): Promise<T> {
  if (inbox.length > 0) return Promise.resolve(inbox.shift() as T);
  return new Promise((r) => waiters.push(r as (m: unknown) => void));
}

if (!process.send) {
  console.error('load-worker.ts is started by test/bench/raft.ts and test/bench/failover.ts, not by hand');
  process.exit(2);
}
const setup = await nextMessage<{ type: 'setup' } & Setup>();
try {
  await main(setup);
  process.exit(0);
} catch (e) {
  await send({ type: 'failed', error: (e as Error).message });
  process.exit(1);
}
