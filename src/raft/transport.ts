// How the manager's Raft shell moves messages between managers. The core never sees this: the
// shell hands it rd.messages and feeds it what arrives. The gRPC implementation lives in
// grpc_transport.ts; tests can use an in-memory twin.
import type { Message } from './types.js';

export interface Transport {
  /** Queues messages for their peers (m.to). Never blocks; messages to unknown or unreachable peers are dropped. */
  send(messages: Message[]): void;
  /** The address of every peer (Raft id -> "host:port"); peers not listed are disconnected. */
  setPeers(peers: ReadonlyMap<number, string>): void;
  close(): Promise<void>;
}

export interface TransportHandler {
  /** A message from a peer. */
  onMessage(m: Message): void;
  /** Sending to `id` failed (the stream broke or could not connect); the core falls back to probing. */
  onUnreachable(id: number): void;
  /** Peer `by` refused this node's messages: it applied this node's removal from the cluster. */
  onRemovedFromCluster?(by: number): void;
}
