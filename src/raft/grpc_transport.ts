// The gRPC transport between managers (the Transport of transport.ts).
//
// Wire: service RaftTransport { rpc Stream(stream MessageBatch) returns (StreamAck); }
// (proto/baton/v1/raft.proto). Every manager opens one long-lived client stream to each peer it
// sends to and writes that peer's messages on it as MessageBatch writes; the receiving manager
// hands each message to its TransportHandler. Answers travel on the other manager's own stream.
//
// Sending side (GrpcTransport), per peer:
//   idle ──send()──> open: a fresh channel and one stream, opened lazily when there is something to send
//   open: messages are queued (at most maxQueueBytes) and written in order, several per write and at
//         most maxBatchBytes per write (a single larger message goes alone); when the stream's
//         buffer is full (write() returns false) the flusher waits for 'drain'.
//   open ──stream fails (error, end, connect failure or timeout)──> backoff: onUnreachable(peer)
//         once, the queue is dropped, the channel closed. Messages sent during the back-off are
//         dropped (Raft resends: heartbeats, probes). When it expires the peer is idle again and
//         the next send reconnects. The back-off doubles from 50 ms to 2 s and starts again from
//         50 ms once a stream had a successful write and stayed up for a second.
// Nothing is retried by the transport: a lost message is Raft's business, and onUnreachable makes
// the leader fall back to probing the follower.
//
// Receiving side (registerRaftTransport): adds the service to a grpc.Server the manager owns.
import * as grpc from '@grpc/grpc-js';

import type { MessageBatch } from '../gen/baton/v1/MessageBatch';
import type { MessageBatch__Output } from '../gen/baton/v1/MessageBatch';
import type { RaftTransportClient } from '../gen/baton/v1/RaftTransport';
import type { StreamAck, StreamAck__Output } from '../gen/baton/v1/StreamAck';
import type { ProtoGrpcType } from '../gen/raft';
import { loadPackageDefinition } from '../proto/load.js';
import type { Transport, TransportHandler } from './transport.js';
import type { Message } from './types.js';

const MiB = 1024 * 1024;

/** Largest gRPC message either side sends or accepts (a batch is at most maxBatchBytes, 1 MiB by default). */
export const MAX_GRPC_MESSAGE_BYTES = 4 * MiB;

/** Channel options of every peer connection. */
export const RAFT_CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_send_message_length': MAX_GRPC_MESSAGE_BYTES,
  'grpc.max_receive_message_length': MAX_GRPC_MESSAGE_BYTES,
  // No retries, and no retry buffer: otherwise grpc-js copies the first 1 MiB written on a call
  // into a retry buffer and acknowledges those writes at once, before any connection exists (even
  // with retries disabled, unless this buffer is 0). With it at 0, a write's callback means the
  // message reached the HTTP/2 stream, which is how the transport knows it is connected, and
  // write()/'drain' reflect the connection's real backpressure. The transport reconnects itself.
  'grpc.enable_retries': 0,
  'grpc.per_rpc_retry_buffer_size': 0,
  // One channel per peer stream, with its own connection: a failed connection and its back-off
  // are not shared with another GrpcTransport of the same process (tests, the benchmark).
  'grpc.use_local_subchannel_pool': 1,
};

/** Options the manager should give the grpc.Server the transport is registered on. */
export const RAFT_SERVER_OPTIONS: grpc.ServerOptions = {
  'grpc.max_receive_message_length': MAX_GRPC_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_GRPC_MESSAGE_BYTES,
  // The server pings idle connections too, so a peer that vanished without closing its
  // connection (power loss, partition) is noticed and its stream ends.
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
};

/** A pino-style logger (a pino Logger fits): structured fields first, then the message. */
export interface TransportLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const silentLogger: TransportLogger = { debug() {}, info() {}, warn() {}, error() {} };

const COMPONENT = 'raft-transport';

let protoCache: ProtoGrpcType | undefined;

function proto(): ProtoGrpcType {
  protoCache ??= grpc.loadPackageDefinition(loadPackageDefinition()) as unknown as ProtoGrpcType;
  return protoCache;
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const e = err as Partial<grpc.ServiceError>;
    return e.code !== undefined ? `${grpc.status[e.code] ?? e.code}: ${e.details ?? err.message}` : err.message;
  }
  return String(err);
}

/**
 * Upper estimate of the encoded size of a message, without encoding it: the payloads plus a
 * generous allowance for tags, varints and nested headers.
 */
export function estimateMessageBytes(m: Message): number {
  let n = 64 + m.context.length;
  for (const e of m.entries) n += e.data.length + 32;
  const s = m.snapshot;
  if (s !== null) {
    n += s.data.length + 64;
    const cs = s.metadata?.confState;
    if (cs) n += 11 * (cs.voters.length + cs.learners.length);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Receiving side

/** Counters of the receiving side (for tests, metrics and debugging). */
export interface RaftTransportServerStats {
  /** Streams accepted since registration. */
  streams: number;
  /** Streams open now. */
  openStreams: number;
  /** MessageBatch writes received. */
  batches: number;
  /** Messages handed to the handler. */
  messages: number;
  /** Messages dropped because they were addressed to another node. */
  misaddressed: number;
}

export interface RaftTransportService {
  readonly stats: Readonly<RaftTransportServerStats>;
  /**
   * Answers and so ends every inbound stream (the senders see their stream end and reconnect
   * after their back-off). Call it before grpc.Server.tryShutdown(): a graceful shutdown waits
   * for open calls, and these streams otherwise stay open for as long as the senders live.
   * Streams that arrive later are accepted as usual.
   */
  closeStreams(): void;
}

export interface RegisterOptions {
  nodeId: number;
  logger?: TransportLogger;
  /**
   * Whether `id` was removed from the cluster (this node applied its removal). A removed member
   * may never learn that its removal committed (the leader stops sending to it once applied);
   * its stream is refused with REMOVED_MEMBER_DETAILS, and its transport calls onRemovedFromCluster.
   */
  isRemoved?: (id: number) => boolean;
}

/** Details of the status that refuses the stream of a removed member. */
export const REMOVED_MEMBER_DETAILS = 'this member was removed from the cluster';

/**
 * Adds the RaftTransport service to `server` (which the manager owns, binds, starts and shuts
 * down). Every batch received is handed to `handler.onMessage`, message by message, in order;
 * messages whose `to` is not `nodeId` are dropped.
 */
export function registerRaftTransport(
  server: grpc.Server,
  handler: TransportHandler,
  opts: RegisterOptions,
): RaftTransportService {
  const { nodeId } = opts;
  const log = opts.logger ?? silentLogger;
  const base = { component: COMPONENT, nodeId };
  const stats: RaftTransportServerStats = { streams: 0, openStreams: 0, batches: 0, messages: 0, misaddressed: 0 };
  const open = new Set<() => void>();

  const impl = {
    Stream(
      call: grpc.ServerReadableStream<MessageBatch__Output, StreamAck>,
      callback: grpc.sendUnaryData<StreamAck>,
    ): void {
      stats.streams++;
      stats.openStreams++;
      const peerAddr = call.getPeer();
      let from = 0; // the sender's node id, known from its first message
      let finished = false;
      const finish = (how: 'end' | 'close' | 'cancelled' | 'error' | 'removed', err?: unknown): void => {
        if (finished) return;
        finished = true;
        stats.openStreams--;
        open.delete(answer);
        const fields = { ...base, from, peerAddr };
        if (how === 'error') log.info({ ...fields, err: errorText(err) }, 'inbound raft stream failed');
        else if (how === 'removed') log.warn(fields, 'refused the raft stream of a removed member');
        else log.info({ ...fields, how }, 'inbound raft stream closed');
        if (how === 'end' || how === 'close') callback(null, {});
        if (how === 'removed') callback({ code: grpc.status.FAILED_PRECONDITION, details: REMOVED_MEMBER_DETAILS });
      };
      const answer = (): void => finish('close');
      open.add(answer);

      call.on('data', (batch: MessageBatch__Output) => {
        if (finished) return;
        stats.batches++;
        for (const m of batch.messages) {
          if (from === 0 && m.from !== 0) {
            from = m.from;
            log.info({ ...base, from, peerAddr }, 'inbound raft stream opened');
          }
          if (m.from !== 0 && opts.isRemoved?.(m.from)) {
            finish('removed');
            return;
          }
          if (m.to !== nodeId) {
            stats.misaddressed++;
            log.debug({ ...base, from: m.from, to: m.to, type: m.type }, 'dropping a message addressed to another node');
            continue;
          }
          stats.messages++;
          try {
            handler.onMessage(m);
          } catch (err) {
            log.error({ ...base, from: m.from, type: m.type, err: errorText(err) }, 'raft message handler threw');
          }
        }
      });
      call.on('end', () => finish('end'));
      call.on('cancelled', () => finish('cancelled'));
      call.on('error', (err: unknown) => finish('error', err));
    },
  };

  server.addService(proto().baton.v1.RaftTransport.service, impl);
  return {
    stats,
    closeStreams(): void {
      for (const answer of [...open]) answer();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Sending side

export interface GrpcTransportOptions {
  nodeId: number;
  /** Told when a stream to a peer fails (messages for the peer received are not this transport's business). */
  handler: Pick<TransportHandler, 'onUnreachable' | 'onRemovedFromCluster'>;
  logger?: TransportLogger;
  /** Default: insecure. Mutual TLS plugs in here. */
  credentials?: grpc.ChannelCredentials;
  /** Most estimated bytes in one MessageBatch write (a single larger message is written alone). Default 1 MiB. */
  maxBatchBytes?: number;
  /** Most estimated bytes queued per peer; messages beyond are dropped and the peer reported unreachable. Default 64 MiB. */
  maxQueueBytes?: number;
  /**
   * Most writes per stream not yet taken by the connection (their callback pending). Messages sent
   * meanwhile wait in the queue and leave together in the next write: batching that adapts to the
   * load, with no timer. Default 2.
   */
  maxWritesInFlight?: number;
  /** Back-off before reconnecting after a failure: starts here, doubles. Default 50 ms. */
  minBackoffMs?: number;
  /** Back-off ceiling. Default 2000 ms. */
  maxBackoffMs?: number;
  /** A stream whose first write has not reached the connection by then fails. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** close() waits this long for each stream to end gracefully, then cancels it. Default 1000 ms. */
  closeTimeoutMs?: number;
  /** Extra channel options, merged over RAFT_CHANNEL_OPTIONS. */
  channelOptions?: grpc.ChannelOptions;
}

export type PeerState = 'idle' | 'connecting' | 'connected' | 'backoff';

/** Counters of the sending side (for tests, metrics and debugging). */
export interface GrpcTransportStats {
  /** Messages written to a stream (not necessarily delivered). */
  messagesSent: number;
  /** MessageBatch writes. */
  batchesSent: number;
  /** Estimated bytes written. */
  bytesSent: number;
  /** Messages dropped: unknown peer, back-off, full queue, too large, or queued when a stream failed. */
  messagesDropped: number;
  /** Streams opened (first connections and reconnections). */
  streamsOpened: number;
  /** Streams that failed. */
  streamFailures: number;
  /**
   * Times the flusher stopped with messages still queued because the connection had not taken
   * the previous writes yet (maxWritesInFlight reached, or write() returned false).
   */
  backpressureWaits: number;
  /** Of those, times write() returned false (the call's own buffer of 16 writes was full) and it waited for 'drain'. */
  drainWaits: number;
}

interface PeerStream {
  client: RaftTransportClient;
  call: grpc.ClientWritableStream<MessageBatch>;
  openedAt: number;
  /** Set by the first write that reached the connection. */
  connectedAt: number;
  connectTimer: NodeJS.Timeout | null;
  waitingDrain: boolean;
  /** Writes handed to the call whose callback has not fired yet. */
  writesInFlight: number;
  /** Failed, or being closed: no more writes, no more failure handling. */
  done: boolean;
  /** While close() ends the stream gracefully: called once the call's status arrives. */
  onStatus: (() => void) | null;
}

interface Peer {
  id: number;
  addr: string;
  stream: PeerStream | null;
  backoffTimer: NodeJS.Timeout | null;
  /** The delay before the next reconnection attempt. */
  nextBackoffMs: number;
  /** Failures since the last healthy stream (for logging). */
  failures: number;
  queue: Message[];
  sizes: number[];
  head: number;
  queueBytes: number;
  flushScheduled: boolean;
  overflowReported: boolean;
}

/** A stream that had a successful write and stayed up this long resets the back-off. */
const HEALTHY_STREAM_MS = 1000;

export class GrpcTransport implements Transport {
  private readonly nodeId: number;
  private readonly handler: Pick<TransportHandler, 'onUnreachable' | 'onRemovedFromCluster'>;
  private readonly log: TransportLogger;
  private readonly base: { component: string; nodeId: number };
  private readonly credentials: grpc.ChannelCredentials;
  private readonly maxBatchBytes: number;
  private readonly maxQueueBytes: number;
  private readonly maxWritesInFlight: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly connectTimeoutMs: number;
  private readonly closeTimeoutMs: number;
  private readonly channelOptions: grpc.ChannelOptions;
  private readonly peers = new Map<number, Peer>();
  private closed = false;
  private closing: Promise<void> | null = null;
  private readonly counters: GrpcTransportStats = {
    messagesSent: 0,
    batchesSent: 0,
    bytesSent: 0,
    messagesDropped: 0,
    streamsOpened: 0,
    streamFailures: 0,
    backpressureWaits: 0,
    drainWaits: 0,
  };

  constructor(opts: GrpcTransportOptions) {
    if (!Number.isInteger(opts.nodeId) || opts.nodeId <= 0) throw new Error(`raft transport: bad node id ${opts.nodeId}`);
    this.nodeId = opts.nodeId;
    this.handler = opts.handler;
    this.log = opts.logger ?? silentLogger;
    this.base = { component: COMPONENT, nodeId: opts.nodeId };
    this.credentials = opts.credentials ?? grpc.credentials.createInsecure();
    this.maxBatchBytes = positive('maxBatchBytes', opts.maxBatchBytes ?? MiB);
    this.maxQueueBytes = positive('maxQueueBytes', opts.maxQueueBytes ?? 64 * MiB);
    this.maxWritesInFlight = Math.floor(positive('maxWritesInFlight', opts.maxWritesInFlight ?? 2));
    this.minBackoffMs = positive('minBackoffMs', opts.minBackoffMs ?? 50);
    this.maxBackoffMs = Math.max(this.minBackoffMs, positive('maxBackoffMs', opts.maxBackoffMs ?? 2000));
    this.connectTimeoutMs = positive('connectTimeoutMs', opts.connectTimeoutMs ?? 5000);
    this.closeTimeoutMs = positive('closeTimeoutMs', opts.closeTimeoutMs ?? 1000);
    this.channelOptions = { ...RAFT_CHANNEL_OPTIONS, ...opts.channelOptions };
  }

  /** A copy of the counters. */
  stats(): GrpcTransportStats {
    return { ...this.counters };
  }

  /** Where the connection to a peer stands (undefined: not a peer). */
  peerState(id: number): PeerState | undefined {
    const p = this.peers.get(id);
    if (p === undefined) return undefined;
    if (p.backoffTimer !== null) return 'backoff';
    if (p.stream === null) return 'idle';
    return p.stream.connectedAt > 0 ? 'connected' : 'connecting';
  }

  send(messages: Message[]): void {
    if (this.closed) return;
    for (const m of messages) {
      const p = this.peers.get(m.to);
      if (p === undefined || p.backoffTimer !== null) {
        // Unknown peer (or ourselves), or a peer we failed to reach a moment ago.
        this.counters.messagesDropped++;
        continue;
      }
      const size = estimateMessageBytes(m);
      if (size > MAX_GRPC_MESSAGE_BYTES - 1024) {
        this.counters.messagesDropped++;
        this.log.warn({ ...this.base, peer: p.id, type: m.type, bytes: size }, 'dropping a message too large for the transport');
        this.reportUnreachable(p.id);
        continue;
      }
      if (p.queueBytes + size > this.maxQueueBytes) {
        this.counters.messagesDropped++;
        if (!p.overflowReported) {
          p.overflowReported = true;
          this.log.warn({ ...this.base, peer: p.id, queuedBytes: p.queueBytes }, 'send queue full; dropping messages');
          this.reportUnreachable(p.id);
        }
        continue;
      }
      p.queue.push(m);
      p.sizes.push(size);
      p.queueBytes += size;
      if (p.stream === null) this.openStream(p);
      this.scheduleFlush(p);
    }
  }

  setPeers(peers: ReadonlyMap<number, string>): void {
    if (this.closed) return;
    for (const [id, p] of [...this.peers]) {
      if (!peers.has(id)) {
        this.peers.delete(id);
        this.shutdownPeer(p, 'removed');
        this.log.info({ ...this.base, peer: id, addr: p.addr }, 'peer removed');
      }
    }
    for (const [id, addr] of peers) {
      if (id === this.nodeId) continue;
      const p = this.peers.get(id);
      if (p === undefined) {
        this.peers.set(id, newPeer(id, addr, this.minBackoffMs));
        this.log.info({ ...this.base, peer: id, addr }, 'peer added');
      } else if (p.addr !== addr) {
        const hadStream = p.stream !== null;
        this.shutdownPeer(p, 'address changed');
        this.log.info({ ...this.base, peer: id, addr, oldAddr: p.addr }, 'peer address changed');
        p.addr = addr;
        p.nextBackoffMs = this.minBackoffMs;
        p.failures = 0;
        // Messages written on the old stream may be lost.
        if (hadStream) this.reportUnreachable(id);
      }
    }
  }

  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.closed = true;
    const waits: Promise<void>[] = [];
    for (const p of this.peers.values()) {
      clearBackoff(p);
      const s = p.stream;
      if (s !== null && !s.done) {
        // Best effort: hand what is queued to a connected stream, then end it.
        if (s.connectedAt > 0) this.flush(p);
        waits.push(this.endStream(s));
      }
      p.stream = null;
      this.dropQueue(p);
    }
    this.peers.clear();
    await Promise.all(waits);
    this.log.debug({ ...this.base }, 'transport closed');
  }

  // ---- streams

  private openStream(p: Peer): void {
    const Client = proto().baton.v1.RaftTransport;
    const client = new Client(p.addr, this.credentials, this.channelOptions);
    const s: PeerStream = {
      client,
      call: undefined as unknown as grpc.ClientWritableStream<MessageBatch>,
      openedAt: Date.now(),
      connectedAt: 0,
      connectTimer: null,
      waitingDrain: false,
      writesInFlight: 0,
      done: false,
      onStatus: null,
    };
    p.stream = s;
    this.counters.streamsOpened++;
    this.log.debug({ ...this.base, peer: p.id, addr: p.addr, attempt: p.failures + 1 }, 'connecting');
    let call: grpc.ClientWritableStream<MessageBatch>;
    try {
      call = client.Stream((err: grpc.ServiceError | null, _ack?: StreamAck__Output) => {
        if (s.onStatus !== null) {
          s.onStatus();
          return;
        }
        if (err?.code === grpc.status.FAILED_PRECONDITION && err.details === REMOVED_MEMBER_DETAILS && !s.done && !this.closed) {
          this.log.warn({ ...this.base, peer: p.id, addr: p.addr }, 'the peer says this member was removed from the cluster');
          this.handler.onRemovedFromCluster?.(p.id);
        }
        this.streamFailed(p, s, err ? errorText(err) : 'the peer ended the stream');
      });
    } catch (err) {
      // Not expected (the channel is new); treat like any failure, later, never from send().
      s.call = dummyCall();
      queueMicrotask(() => this.streamFailed(p, s, `could not start the stream: ${errorText(err)}`));
      return;
    }
    s.call = call;
    // Write errors end the call (its status reports them); listen so they are never unhandled.
    call.on('error', (err: unknown) => {
      this.log.debug({ ...this.base, peer: p.id, err: errorText(err) }, 'stream error event');
    });
    s.connectTimer = setTimeout(() => {
      s.connectTimer = null;
      if (s.connectedAt === 0) this.streamFailed(p, s, `not connected within ${this.connectTimeoutMs} ms`);
    }, this.connectTimeoutMs);
    s.connectTimer.unref();
  }

  private onWritten(p: Peer, s: PeerStream): void {
    if (s.done || s.connectedAt > 0) return;
    // (Belt and braces: a write acknowledged before the channel is ready does not count.)
    if (s.client.getChannel().getConnectivityState(false) !== grpc.connectivityState.READY) return;
    s.connectedAt = Date.now();
    if (s.connectTimer !== null) {
      clearTimeout(s.connectTimer);
      s.connectTimer = null;
    }
    const fields = { ...this.base, peer: p.id, addr: p.addr, ms: s.connectedAt - s.openedAt };
    if (p.failures > 0) this.log.info({ ...fields, failedAttempts: p.failures }, 'reconnected to peer');
    else this.log.info(fields, 'connected to peer');
  }

  private streamFailed(p: Peer, s: PeerStream, reason: string): void {
    if (s.done || p.stream !== s) return;
    this.counters.streamFailures++;
    const now = Date.now();
    const healthy = s.connectedAt > 0 && now - s.connectedAt >= HEALTHY_STREAM_MS;
    if (healthy) {
      p.nextBackoffMs = this.minBackoffMs;
      p.failures = 0;
    }
    const delay = p.nextBackoffMs;
    p.nextBackoffMs = Math.min(this.maxBackoffMs, delay * 2);
    p.failures++;
    const dropped = p.queue.length - p.head;
    const fields = { ...this.base, peer: p.id, addr: p.addr, reason, retryInMs: delay, droppedMessages: dropped };
    if (s.connectedAt > 0) this.log.warn({ ...fields, upMs: now - s.connectedAt }, 'stream to peer failed');
    else if (p.failures === 1) this.log.warn(fields, 'cannot connect to peer');
    else this.log.debug({ ...fields, failedAttempts: p.failures }, 'cannot connect to peer');

    this.destroyStream(s);
    p.stream = null;
    this.dropQueue(p);
    p.backoffTimer = setTimeout(() => {
      p.backoffTimer = null;
      // Idle again: the next send reconnects.
    }, delay);
    p.backoffTimer.unref();
    this.reportUnreachable(p.id);
  }

  /** Cancels a stream and closes its channel at once (no graceful end). */
  private destroyStream(s: PeerStream): void {
    s.done = true;
    if (s.connectTimer !== null) {
      clearTimeout(s.connectTimer);
      s.connectTimer = null;
    }
    try {
      s.call.cancel();
    } catch {
      // already finished
    }
    s.client.close();
  }

  /** Ends a stream gracefully (the peer answers), bounded by closeTimeoutMs, then closes the channel. */
  private endStream(s: PeerStream): Promise<void> {
    return new Promise((resolve) => {
      if (s.connectTimer !== null) {
        clearTimeout(s.connectTimer);
        s.connectTimer = null;
      }
      s.done = true;
      if (s.connectedAt === 0) {
        this.destroyStream(s);
        resolve();
        return;
      }
      let timer: NodeJS.Timeout | null = null;
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        if (timer !== null) clearTimeout(timer);
        this.destroyStream(s);
        resolve();
      };
      s.onStatus = finish;
      timer = setTimeout(finish, this.closeTimeoutMs);
      try {
        s.call.end();
      } catch {
        finish();
      }
    });
  }

  /** Stops talking to a peer without reporting it (removed, or its address changed). */
  private shutdownPeer(p: Peer, why: string): void {
    clearBackoff(p);
    if (p.stream !== null) {
      this.log.debug({ ...this.base, peer: p.id, addr: p.addr, why }, 'closing stream');
      this.destroyStream(p.stream);
      p.stream = null;
    }
    this.dropQueue(p);
  }

  // ---- queue and flushing

  private scheduleFlush(p: Peer): void {
    if (p.flushScheduled) return;
    p.flushScheduled = true;
    // A microtask: everything sent in the same synchronous run (one Ready) is batched together.
    queueMicrotask(() => {
      p.flushScheduled = false;
      this.flush(p);
    });
  }

  private flush(p: Peer): void {
    const s = p.stream;
    if (s === null || s.done || s.waitingDrain || this.peers.get(p.id) !== p) return;
    while (p.head < p.queue.length && s.writesInFlight < this.maxWritesInFlight) {
      const batch: Message[] = [];
      let bytes = 0;
      while (p.head < p.queue.length) {
        const size = p.sizes[p.head]!;
        if (batch.length > 0 && bytes + size > this.maxBatchBytes) break;
        batch.push(p.queue[p.head]!);
        bytes += size;
        p.head++;
      }
      p.queueBytes -= bytes;
      this.compactQueue(p);
      let more: boolean;
      try {
        s.writesInFlight++;
        more = s.call.write({ messages: batch }, (err?: Error | null) => {
          s.writesInFlight--;
          if (err || s.done) return;
          this.onWritten(p, s);
          // What queued up meanwhile goes in the next write.
          if (p.head < p.queue.length) this.flush(p);
        });
      } catch (err) {
        this.counters.messagesDropped += batch.length;
        this.streamFailed(p, s, `write failed: ${errorText(err)}`);
        return;
      }
      this.counters.batchesSent++;
      this.counters.messagesSent += batch.length;
      this.counters.bytesSent += bytes;
      if (!more) {
        s.waitingDrain = true;
        this.counters.drainWaits++;
        if (p.head < p.queue.length) this.counters.backpressureWaits++;
        s.call.once('drain', () => {
          s.waitingDrain = false;
          if (!s.done) this.flush(p);
        });
        return;
      }
    }
    if (p.queue.length === p.head) p.overflowReported = false;
    else this.counters.backpressureWaits++;
  }

  private compactQueue(p: Peer): void {
    if (p.head === p.queue.length) {
      p.queue.length = 0;
      p.sizes.length = 0;
      p.head = 0;
      p.queueBytes = 0;
    } else if (p.head >= 1024 && p.head * 2 >= p.queue.length) {
      p.queue.splice(0, p.head);
      p.sizes.splice(0, p.head);
      p.head = 0;
    }
  }

  private dropQueue(p: Peer): void {
    this.counters.messagesDropped += p.queue.length - p.head;
    p.queue = [];
    p.sizes = [];
    p.head = 0;
    p.queueBytes = 0;
    p.overflowReported = false;
  }

  /**
   * Tells the handler, in a microtask: never from inside send(), so a shell that steps its
   * RaftNode in onUnreachable is not re-entered between ready() and advance().
   */
  private reportUnreachable(id: number): void {
    queueMicrotask(() => {
      if (this.closed) return;
      try {
        this.handler.onUnreachable(id);
      } catch (err) {
        this.log.error({ ...this.base, peer: id, err: errorText(err) }, 'onUnreachable threw');
      }
    });
  }
}

function newPeer(id: number, addr: string, backoffMs: number): Peer {
  return {
    id,
    addr,
    stream: null,
    backoffTimer: null,
    nextBackoffMs: backoffMs,
    failures: 0,
    queue: [],
    sizes: [],
    head: 0,
    queueBytes: 0,
    flushScheduled: false,
    overflowReported: false,
  };
}

function clearBackoff(p: Peer): void {
  if (p.backoffTimer !== null) {
    clearTimeout(p.backoffTimer);
    p.backoffTimer = null;
  }
}

function positive(name: string, v: number): number {
  if (!(Number.isFinite(v) && v > 0)) throw new Error(`raft transport: ${name} must be a positive number, got ${v}`);
  return v;
}

function dummyCall(): grpc.ClientWritableStream<MessageBatch> {
  return { cancel() {}, end() {}, write: () => false, on() {}, once() {} } as unknown as grpc.ClientWritableStream<MessageBatch>;
}
