// The gRPC transport between managers, on 127.0.0.1 with ports chosen at run time.
// Every wait is bounded and driven by events (messages received, unreachable reports); the few
// conditions that have no event (a socket finishing closing) are polled with a deadline.
import { randomBytes } from 'node:crypto';
import net from 'node:net';

import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';

import {
  GrpcTransport,
  type GrpcTransportOptions,
  RAFT_SERVER_OPTIONS,
  type RaftTransportService,
  type TransportLogger,
  estimateMessageBytes,
  registerRaftTransport,
} from '../../src/raft/grpc_transport.js';
import {
  MemoryStorage,
  type Message,
  ProposalDroppedError,
  RaftNode,
  type Ready,
  bootstrapStorage,
  entry,
  message,
  seededRand,
} from '../../src/raft/index.js';
import type { TransportHandler } from '../../src/raft/transport.js';

const logger: TransportLogger = pino({ level: process.env.BATON_TEST_LOG ?? 'silent' });

// ---- waiting on events, bounded

type Waiter = { pred: () => boolean; resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

/** Something tests can wait on: `until(pred)` re-checks pred whenever notify() is called. */
class Signal {
  private waiters = new Set<Waiter>();

  notify(): void {
    for (const w of [...this.waiters]) {
      if (w.pred()) {
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve();
      }
    }
  }

  until(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        pred,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(w);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs),
      };
      this.waiters.add(w);
    });
  }
}

/** For conditions without an event: polls every 5 ms, bounded. */
async function poll(pred: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

class Inbox implements TransportHandler {
  readonly messages: Message[] = [];
  readonly unreachable: number[] = [];
  readonly signal = new Signal();

  onMessage(m: Message): void {
    this.messages.push(m);
    this.signal.notify();
  }

  onUnreachable(id: number): void {
    this.unreachable.push(id);
    this.signal.notify();
  }

  until(pred: () => boolean, what: string, timeoutMs?: number): Promise<void> {
    return this.signal.until(pred, what, timeoutMs);
  }
}

// ---- endpoints: a grpc.Server with the service registered, and a GrpcTransport

interface Endpoint {
  id: number;
  inbox: Inbox;
  server: grpc.Server;
  service: RaftTransportService;
  port: number;
  addr: string;
  transport: GrpcTransport;
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function bind(server: grpc.Server, addr: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(addr, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
  });
}

async function stopServer(server: grpc.Server, service?: RaftTransportService): Promise<void> {
  service?.closeStreams();
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 2000);
    server.tryShutdown(() => {
      clearTimeout(t);
      resolve();
    });
  });
}

async function startServer(id: number, inbox: TransportHandler, port = 0) {
  const server = new grpc.Server(RAFT_SERVER_OPTIONS);
  const service = registerRaftTransport(server, inbox, { nodeId: id, logger });
  const bound = await bind(server, `127.0.0.1:${port}`);
  return { server, service, port: bound };
}

async function endpoint(id: number, opts: Partial<GrpcTransportOptions> = {}, port = 0): Promise<Endpoint> {
  const inbox = new Inbox();
  const { server, service, port: bound } = await startServer(id, inbox, port);
  const transport = new GrpcTransport({ nodeId: id, handler: inbox, logger, ...opts });
  const ep: Endpoint = { id, inbox, server, service, port: bound, addr: `127.0.0.1:${bound}`, transport };
  cleanups.push(async () => {
    await ep.transport.close();
    await stopServer(ep.server, ep.service);
  });
  return ep;
}

/** Connects every endpoint to every other one. */
function mesh(eps: Endpoint[]): void {
  for (const ep of eps) {
    ep.transport.setPeers(new Map(eps.filter((o) => o !== ep).map((o) => [o.id, o.addr])));
  }
}

/** A port nothing listens on (bound once, then released). */
async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

// ---- messages

function app(from: number, to: number, index: number, data: Buffer = Buffer.from(`entry ${index}`)): Message {
  return message({
    type: 'MSG_APP',
    from,
    to,
    term: 3,
    logTerm: 3,
    index: index - 1,
    commit: index - 1,
    entries: [entry(3, index, data)],
  });
}

function heartbeat(from: number, to: number, seq: number): Message {
  return message({ type: 'MSG_HEARTBEAT', from, to, term: 3, commit: seq, index: seq });
}

describe('GrpcTransport', () => {
  it('delivers messages between two endpoints in order and intact (entries, context, a ~1 MiB snapshot chunk)', async () => {
    const [a, b] = [await endpoint(1), await endpoint(2)];
    mesh([a, b]);

    const snapData = randomBytes(1024 * 1024);
    const sent: Message[] = [
      app(1, 2, 10),
      message({ type: 'MSG_READ_INDEX', from: 1, to: 2, term: 3, context: randomBytes(37) }),
      message({
        type: 'MSG_APP',
        from: 1,
        to: 2,
        term: 3,
        logTerm: 2,
        index: 10,
        commit: 9,
        entries: [
          entry(3, 11, randomBytes(3000)),
          entry(3, 12, Buffer.alloc(0)),
          entry(3, 13, Buffer.from('conf'), 'ENTRY_CONF_CHANGE'),
        ],
      }),
      message({
        type: 'MSG_SNAP',
        from: 1,
        to: 2,
        term: 3,
        snapshot: {
          metadata: { index: 500, term: 3, confState: { voters: [1, 2, 3], learners: [4] } },
          offset: 0,
          totalBytes: 3 * 1024 * 1024,
          data: snapData,
        },
      }),
      message({ type: 'MSG_APP_RESP', from: 1, to: 2, term: 3, index: 12, reject: true, rejectHint: 7 }),
      message({ type: 'MSG_VOTE', from: 1, to: 2, term: 4, logTerm: 3, index: 13, context: Buffer.from('transfer') }),
    ];
    a.transport.send(sent);
    await b.inbox.until(() => b.inbox.messages.length === sent.length, 'all messages at node 2');
    // (toEqual on a 1 MiB Buffer takes seconds: compare the chunk's bytes apart.)
    expect(b.inbox.messages[3]!.snapshot!.data.equals(snapData)).toBe(true);
    const strip = (m: Message) => (m.snapshot ? { ...m, snapshot: { ...m.snapshot, data: m.snapshot.data.length } } : m);
    expect(b.inbox.messages.map(strip)).toEqual(sent.map(strip));

    // The snapshot chunk (> 1 MiB with its overhead) went alone: small ones, the chunk, small ones.
    expect(b.service.stats.batches).toBe(3);
    expect(a.transport.stats()).toMatchObject({ messagesSent: 6, batchesSent: 3, messagesDropped: 0, streamFailures: 0 });
    expect(a.inbox.unreachable).toEqual([]);

    // And the other way, on node 2's own stream.
    b.transport.send([app(2, 1, 1), app(2, 1, 2)]);
    await a.inbox.until(() => a.inbox.messages.length === 2, 'messages at node 1');
    expect(a.inbox.messages.map((m) => m.entries[0]!.index)).toEqual([1, 2]);
  });

  it('delivers in order between three endpoints, every pair both ways', async () => {
    const eps = [await endpoint(1), await endpoint(2), await endpoint(3)];
    mesh(eps);
    const N = 300;
    for (let i = 1; i <= N; i++) {
      for (const from of eps) {
        from.transport.send(eps.filter((o) => o !== from).map((to) => app(from.id, to.id, i)));
      }
      // Spread the sends over several event-loop turns, like a Raft shell would.
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    for (const to of eps) {
      await to.inbox.until(() => to.inbox.messages.length === 2 * N, `all messages at node ${to.id}`);
      for (const from of eps.filter((o) => o !== to)) {
        const got = to.inbox.messages.filter((m) => m.from === from.id).map((m) => m.entries[0]!.index);
        expect(got).toEqual(Array.from({ length: N }, (_, k) => k + 1));
      }
    }
    for (const ep of eps) expect(ep.inbox.unreachable).toEqual([]);
  });

  it('batches many small messages, each write at most maxBatchBytes', async () => {
    const a = await endpoint(1, { maxBatchBytes: 4096 });
    const b = await endpoint(2);
    mesh([a, b]);
    const msgs = Array.from({ length: 1000 }, (_, i) => app(1, 2, i + 1, Buffer.alloc(100, i)));
    const size = estimateMessageBytes(msgs[0]!);
    const perBatch = Math.floor(4096 / size);
    a.transport.send(msgs);
    await b.inbox.until(() => b.inbox.messages.length === 1000, '1000 messages');
    expect(b.inbox.messages).toEqual(msgs);
    expect(b.service.stats.batches).toBe(Math.ceil(1000 / perBatch));
    expect(a.transport.stats().batchesSent).toBe(Math.ceil(1000 / perBatch));

    // With the default 1 MiB limit, a burst of small messages goes in a single write.
    const c = await endpoint(3);
    mesh([a, b, c]);
    const before = c.service.stats.batches;
    const big = await endpoint(4);
    big.transport.setPeers(new Map([[3, c.addr]]));
    big.transport.send(Array.from({ length: 1000 }, (_, i) => app(4, 3, i + 1)));
    await c.inbox.until(() => c.inbox.messages.length === 1000, '1000 messages at node 3');
    expect(c.service.stats.batches - before).toBe(1);
  });

  it.each([
    ['at most 2 writes in flight (default)', {}, 'backpressureWaits'],
    ["the call's own buffer ('drain')", { maxWritesInFlight: 64 }, 'drainWaits'],
  ] as const)('respects backpressure, %s: 40 MiB of 1 MiB messages arrive in order', async (_name, opts, counter) => {
    const a = await endpoint(1, opts);
    const b = await endpoint(2);
    mesh([a, b]);
    const msgs = Array.from({ length: 40 }, (_, i) => app(1, 2, i + 1, Buffer.alloc(1024 * 1024, i)));
    a.transport.send(msgs);
    await b.inbox.until(() => b.inbox.messages.length === 40, '40 large messages', 30_000);
    expect(b.inbox.messages.map((m) => m.entries[0]!.index)).toEqual(msgs.map((m) => m.entries[0]!.index));
    for (let i = 0; i < 40; i++) expect(b.inbox.messages[i]!.entries[0]!.data.equals(msgs[i]!.entries[0]!.data)).toBe(true);
    const st = a.transport.stats();
    expect(st.batchesSent).toBe(40); // each alone: 1 MiB of data plus overhead exceeds the 1 MiB batch
    expect(st[counter]).toBeGreaterThan(0); // the flusher had to wait for the connection
    expect(st.messagesDropped).toBe(0);
  });

  it('batches what queues up while the connection is busy', async () => {
    const [a, b] = [await endpoint(1), await endpoint(2)];
    mesh([a, b]);
    a.transport.send([app(1, 2, 1)]);
    await b.inbox.until(() => b.inbox.messages.length === 1, 'the connection');
    // 16 MiB of large messages occupy the stream; small messages sent meanwhile, one send() per
    // event-loop turn, wait in the queue and leave together.
    const big = Array.from({ length: 16 }, (_, i) => app(1, 2, i + 2, Buffer.alloc(1024 * 1024)));
    a.transport.send(big);
    const batchesBefore = b.service.stats.batches;
    let i = 18;
    while (b.inbox.messages.length < 17) {
      a.transport.send([app(1, 2, i++)]);
      await new Promise((r) => setImmediate(r));
    }
    const small = i - 18;
    await b.inbox.until(() => b.inbox.messages.length === i - 1, 'every message');
    expect(b.inbox.messages.map((m) => m.entries[0]!.index)).toEqual(Array.from({ length: i - 1 }, (_, k) => k + 1));
    const batches = b.service.stats.batches - batchesBefore;
    expect(a.transport.stats().backpressureWaits).toBeGreaterThan(0);
    expect(batches).toBeLessThan(16 + small / 2);
  });

  it('reports a peer that is down as unreachable once per failure, then reconnects when it listens', async () => {
    const port = await freePort();
    const a = await endpoint(1, { minBackoffMs: 20, maxBackoffMs: 100 });
    a.transport.setPeers(new Map([[2, `127.0.0.1:${port}`]]));
    expect(() => a.transport.send([heartbeat(1, 2, 0)])).not.toThrow();
    await a.inbox.until(() => a.inbox.unreachable.length >= 1, 'unreachable report');
    expect(a.inbox.unreachable[0]).toBe(2);
    expect(a.transport.peerState(2)).toBe('backoff');
    // Sent during the back-off: dropped at once, not reported again.
    a.transport.send([heartbeat(1, 2, 0)]);
    await new Promise((r) => setImmediate(r));
    expect(a.inbox.unreachable).toEqual([2]);

    // Keep sending as Raft does (heartbeats) while the peer is down: one report per failed attempt.
    let seq = 1;
    const beat = setInterval(() => a.transport.send([heartbeat(1, 2, seq++)]), 10);
    try {
      await a.inbox.until(() => a.inbox.unreachable.length >= 3, 'three failed attempts');
      expect(a.inbox.unreachable.length).toBe(a.transport.stats().streamFailures);

      // The peer starts listening on that port: messages flow again.
      const inbox = new Inbox();
      const { server, service } = await startServer(2, inbox, port);
      cleanups.push(() => stopServer(server, service));
      await inbox.until(() => inbox.messages.length >= 5, 'heartbeats after the peer came up');
      const seqs = inbox.messages.map((m) => m.index);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(a.transport.peerState(2)).toBe('connected');
    } finally {
      clearInterval(beat);
    }
  });

  it('notices a peer that goes away, then reconnects when it comes back on the same port', async () => {
    const a = await endpoint(1, { minBackoffMs: 20, maxBackoffMs: 100 });
    const inbox = new Inbox();
    let srv = await startServer(2, inbox);
    const port = srv.port;
    a.transport.setPeers(new Map([[2, `127.0.0.1:${port}`]]));
    a.transport.send([app(1, 2, 1)]);
    await inbox.until(() => inbox.messages.length === 1, 'first message');
    expect(a.transport.peerState(2)).toBe('connected');

    srv.server.forceShutdown(); // the peer crashes: its streams are cut
    await a.inbox.until(() => a.inbox.unreachable.length >= 1, 'unreachable after the peer died');
    expect(a.inbox.unreachable).toEqual([2]);

    srv = await startServer(2, inbox, port);
    cleanups.push(() => stopServer(srv.server, srv.service));
    let seq = 2;
    const beat = setInterval(() => a.transport.send([app(1, 2, seq++)]), 10);
    try {
      await inbox.until(() => inbox.messages.length >= 4, 'messages after the peer restarted');
    } finally {
      clearInterval(beat);
    }
    const idx = inbox.messages.map((m) => m.entries[0]!.index);
    expect(idx).toEqual([...idx].sort((x, y) => x - y));
  });

  it('fails a stream that cannot connect within connectTimeoutMs, and bounds the queue', async () => {
    // A TCP server that accepts and never speaks HTTP/2: the connection never becomes ready.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanups.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    });
    const port = (silent.address() as net.AddressInfo).port;

    const a = await endpoint(1, { connectTimeoutMs: 300, maxQueueBytes: 256 * 1024 });
    a.transport.setPeers(new Map([[2, `127.0.0.1:${port}`]]));
    const t0 = Date.now();
    // 1 MiB worth of 4 KiB messages: the queue holds 256 KiB, the rest is dropped and reported once.
    a.transport.send(Array.from({ length: 256 }, (_, i) => app(1, 2, i + 1, Buffer.alloc(4096))));
    expect(a.inbox.unreachable).toEqual([]); // never reported from inside send()
    await a.inbox.until(() => a.inbox.unreachable.length === 1, 'the overflow report');
    expect(a.inbox.unreachable).toEqual([2]);
    expect(a.transport.stats().messagesDropped).toBeGreaterThan(150);
    expect(a.transport.peerState(2)).toBe('connecting');

    await a.inbox.until(() => a.inbox.unreachable.length === 2, 'connect timeout');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(a.transport.peerState(2)).toBe('backoff');
    expect(a.transport.stats().streamFailures).toBe(1);
  });

  it('setPeers: a removed peer gets nothing more and its stream closes; a changed address reconnects', async () => {
    const eps = [await endpoint(1), await endpoint(2), await endpoint(3)];
    const [a, b, c] = eps as [Endpoint, Endpoint, Endpoint];
    mesh(eps);
    a.transport.send([app(1, 2, 1), app(1, 3, 1)]);
    await b.inbox.until(() => b.inbox.messages.length === 1, 'message at 2');
    await c.inbox.until(() => c.inbox.messages.length === 1, 'message at 3');
    expect(b.service.stats.openStreams).toBe(1);

    a.transport.setPeers(new Map([[3, c.addr]]));
    expect(a.transport.peerState(2)).toBeUndefined();
    const dropped = a.transport.stats().messagesDropped;
    a.transport.send([app(1, 2, 2), app(1, 3, 2)]);
    expect(a.transport.stats().messagesDropped).toBe(dropped + 1);
    await c.inbox.until(() => c.inbox.messages.length === 2, 'second message at 3');
    await poll(() => b.service.stats.openStreams === 0, "node 2's inbound stream to close");
    expect(b.inbox.messages.length).toBe(1);
    expect(a.inbox.unreachable).toEqual([]); // removing a peer is not a failure

    // Node 3's address now points at node 2's server: messages for 3 land at 2, which drops them
    // (they are not addressed to it). Then back to the right address.
    a.transport.setPeers(new Map([[3, b.addr]]));
    a.transport.send([app(1, 3, 3)]);
    await poll(() => b.service.stats.misaddressed === 1, 'the misaddressed message at node 2');
    expect(b.inbox.messages.length).toBe(1);
    a.transport.setPeers(new Map([[3, c.addr]]));
    a.transport.send([app(1, 3, 4)]);
    await c.inbox.until(() => c.inbox.messages.length === 3, 'message at 3 after the address was restored');
    expect(c.inbox.messages.map((m) => m.entries[0]!.index)).toEqual([1, 2, 4]);
  });

  it('never throws from send(): unknown peers, itself, oversized messages, after close', async () => {
    const a = await endpoint(1);
    a.transport.setPeers(new Map([[1, a.addr], [2, '127.0.0.1:1']]));
    expect(a.transport.peerState(1)).toBeUndefined(); // itself is not a peer
    expect(() => a.transport.send([app(1, 1, 1), app(1, 9, 1)])).not.toThrow();
    expect(() => a.transport.send([app(1, 2, 1, Buffer.alloc(5 * 1024 * 1024))])).not.toThrow();
    await a.inbox.until(() => a.inbox.unreachable.length === 1, 'the oversized message reported');
    expect(a.inbox.unreachable).toEqual([2]);
    expect(a.transport.stats().messagesDropped).toBe(3);
    await a.transport.close();
    expect(() => a.transport.send([app(1, 2, 1)])).not.toThrow();
    expect(() => a.transport.setPeers(new Map([[2, '127.0.0.1:1']]))).not.toThrow();
  });

  it('logs per event, never per message', async () => {
    const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
    const capture = (level: string) => (obj: object, msg: string) => lines.push({ level, obj: obj as Record<string, unknown>, msg });
    const log: TransportLogger = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') };
    const a = await endpoint(1, { logger: log });
    const b = await endpoint(2);
    mesh([a, b]);
    for (let i = 1; i <= 2000; i++) {
      a.transport.send([app(1, 2, i)]);
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    await b.inbox.until(() => b.inbox.messages.length === 2000, '2000 messages');
    expect(lines.length).toBeLessThan(10);
    expect(lines.every((l) => l.obj['component'] === 'raft-transport' && l.obj['nodeId'] === 1)).toBe(true);
    expect(lines.some((l) => l.level === 'info' && l.msg === 'connected to peer' && l.obj['peer'] === 2)).toBe(true);
  });

  it('close() ends the streams and leaves no sockets or timers behind', async () => {
    const kinds = ['TCPWrap', 'TCPServerWrap', 'Timeout', 'Immediate', 'Http2Session'];
    const count = (): number => process.getActiveResourcesInfo().filter((k) => kinds.includes(k)).length;
    const baseline = count();

    const a = await endpoint(1, { minBackoffMs: 1000 });
    const b = await endpoint(2);
    mesh([a, b]);
    a.transport.setPeers(new Map([[2, b.addr], [3, `127.0.0.1:${await freePort()}`]]));
    a.transport.send([app(1, 2, 1), app(1, 3, 1)]);
    b.transport.send([app(2, 1, 1)]);
    await b.inbox.until(() => b.inbox.messages.length === 1, 'message at 2');
    await a.inbox.until(() => a.inbox.messages.length === 1 && a.inbox.unreachable.length === 1, 'message at 1, 3 unreachable');
    expect(a.transport.peerState(3), 'a back-off timer is pending for the unreachable peer').toBe('backoff');

    await Promise.all([a.transport.close(), b.transport.close()]);
    // The peers saw a clean end of stream.
    await poll(() => b.service.stats.openStreams === 0 && a.service.stats.openStreams === 0, 'inbound streams to end');
    await stopServer(a.server, a.service);
    await stopServer(b.server, b.service);
    await poll(() => count() <= baseline, `handles back to ${baseline} (${process.getActiveResourcesInfo().join(', ')})`);
  });
});

// ---- three RaftNodes over gRPC

interface Member {
  id: number;
  node: RaftNode;
  storage: MemoryStorage;
  transport: GrpcTransport;
  server: grpc.Server;
  service: RaftTransportService;
  addr: string;
  applied: string[];
  signal: Signal;
  pumpScheduled: boolean;
}

/** One round of the shell: handle every Ready (persist, send, apply, advance). */
function pump(m: Member): void {
  m.pumpScheduled = false;
  while (m.node.hasReady()) {
    const rd: Ready = m.node.ready();
    if (rd.snapshot) m.storage.applySnapshot(rd.snapshot);
    if (rd.entries.length > 0) m.storage.append(rd.entries);
    if (rd.hardState) m.storage.setHardState(rd.hardState);
    m.transport.send(rd.messages);
    for (const e of rd.committedEntries) {
      if (e.type === 'ENTRY_NORMAL' && e.data.length > 0) m.applied.push(e.data.toString());
    }
    m.node.advance(rd);
    if (rd.committedEntries.length > 0 || rd.softState) m.signal.notify();
  }
}

function schedulePump(m: Member): void {
  if (m.pumpScheduled) return;
  m.pumpScheduled = true;
  queueMicrotask(() => pump(m));
}

describe('three RaftNodes over GrpcTransport', () => {
  it('elect a leader and apply 100 proposals on every node', async () => {
    const ids = [1, 2, 3];
    const signal = new Signal();
    const members: Member[] = [];
    for (const id of ids) {
      const storage = new MemoryStorage();
      bootstrapStorage(storage, ids);
      const node = new RaftNode({ id, storage, electionTicks: 20, heartbeatTicks: 2, rand: seededRand(7000 + id) });
      const m = { id, node, storage, applied: [], signal, pumpScheduled: false } as unknown as Member;
      const handler: TransportHandler = {
        onMessage: (msg) => {
          m.node.step(msg);
          schedulePump(m);
        },
        onUnreachable: (peer) => {
          m.node.reportUnreachable(peer);
          schedulePump(m);
        },
      };
      const server = new grpc.Server(RAFT_SERVER_OPTIONS);
      m.service = registerRaftTransport(server, handler, { nodeId: id, logger });
      m.server = server;
      m.addr = `127.0.0.1:${await bind(server, '127.0.0.1:0')}`;
      m.transport = new GrpcTransport({ nodeId: id, handler, logger });
      members.push(m);
    }
    for (const m of members) m.transport.setPeers(new Map(members.filter((o) => o !== m).map((o) => [o.id, o.addr])));

    const ticker = setInterval(() => {
      for (const m of members) {
        m.node.tick();
        pump(m);
      }
    }, 10);
    cleanups.push(async () => {
      clearInterval(ticker);
      await Promise.all(members.map((m) => m.transport.close()));
      await Promise.all(members.map((m) => stopServer(m.server, m.service)));
    });

    const leaderOf = (): Member | undefined => {
      const leaders = members.filter((m) => m.node.status().role === 'leader');
      return leaders.length === 1 ? leaders[0] : undefined;
    };
    await signal.until(() => leaderOf() !== undefined, 'a leader');
    const leader = leaderOf()!;
    await signal.until(() => members.every((m) => m.node.status().lead === leader.id), 'every node to know the leader');

    // Propose 100 writes at the leader (re-proposing at the new leader, should leadership move).
    const want = Array.from({ length: 100 }, (_, i) => `write-${i}`);
    for (const w of want) {
      try {
        leader.node.propose(Buffer.from(w));
      } catch (err) {
        if (!(err instanceof ProposalDroppedError)) throw err;
      }
    }
    pump(leader);
    await signal.until(() => members.every((m) => m.applied.length >= want.length), 'every node to apply 100 writes', 20_000);
    for (const m of members) expect(m.applied).toEqual(want);
    const st = members.map((m) => m.transport.stats());
    for (const s of st) expect(s.streamFailures).toBe(0);
  });
});
