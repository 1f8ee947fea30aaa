// Micro benchmark of the gRPC transport between managers (src/raft/grpc_transport.ts): two
// endpoints in one process on 127.0.0.1, node 1 streaming MSG_APP messages (one entry of
// --value-bytes each) to node 2 for --seconds. The sender hands the transport --per-send messages
// per send() call (like one Ready) and keeps at most --window messages sent but not yet received,
// since send() never blocks and would otherwise just fill the queue and drop. Both ends (encoding,
// HTTP/2, decoding) run on the same thread, so the figure is what one core does for both.
//
//   npx tsx test/bench/transport.ts [--seconds 5] [--value-bytes 256] [--per-send 64] [--window 8192]
//                                   [--writes-in-flight N (default: the transport's, 2)] [--json]
import { parseArgs } from 'node:util';

import * as grpc from '@grpc/grpc-js';

import { GrpcTransport, RAFT_SERVER_OPTIONS, registerRaftTransport } from '../../src/raft/grpc_transport.js';
import { type Message, entry, message } from '../../src/raft/index.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    'value-bytes': { type: 'string', default: '256' },
    'per-send': { type: 'string', default: '64' },
    window: { type: 'string', default: '8192' },
    'writes-in-flight': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

function positive(name: string, v: string | undefined, max: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    console.error(`--${name} must be a number in (0, ${max}], got ${v}`);
    process.exit(2);
  }
  return n;
}

const SECONDS = positive('seconds', args.seconds, 600);
const VALUE_BYTES = Math.floor(positive('value-bytes', args['value-bytes'], 1024 * 1024));
const PER_SEND = Math.floor(positive('per-send', args['per-send'], 100_000));
const WINDOW = Math.floor(positive('window', args.window, 10_000_000));
const WRITES_IN_FLIGHT =
  args['writes-in-flight'] === undefined ? undefined : Math.floor(positive('writes-in-flight', args['writes-in-flight'], 1000));

let received = 0;
let unreachable = 0;
let outOfOrder = 0;
let lastIndex = 0;

const server = new grpc.Server(RAFT_SERVER_OPTIONS);
const service = registerRaftTransport(
  server,
  {
    onMessage(m: Message) {
      received++;
      const i = m.index;
      if (i !== lastIndex + 1) outOfOrder++;
      lastIndex = i;
    },
    onUnreachable() {},
  },
  { nodeId: 2 },
);
const port = await new Promise<number>((resolve, reject) =>
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
);

const transport = new GrpcTransport({
  nodeId: 1,
  handler: { onUnreachable: () => unreachable++ },
  ...(WRITES_IN_FLIGHT === undefined ? {} : { maxWritesInFlight: WRITES_IN_FLIGHT }),
});
transport.setPeers(new Map([[2, `127.0.0.1:${port}`]]));

const value = Buffer.alloc(VALUE_BYTES, 0x61);
let sent = 0;

function nextMessages(): Message[] {
  const out: Message[] = [];
  for (let k = 0; k < PER_SEND; k++) {
    sent++;
    out.push(
      message({ type: 'MSG_APP', from: 1, to: 2, term: 5, logTerm: 5, index: sent, commit: sent - 1, entries: [entry(5, sent + 1, value)] }),
    );
  }
  return out;
}

// Warm up (connection, JIT) for half a second, then measure.
const warmupMs = 500;
const start = Date.now();
let measureFrom = 0;
let receivedAtStart = 0;
let batchesAtStart = 0;
let bytesAtStart = 0;

await new Promise<void>((resolve) => {
  const loop = (): void => {
    const now = Date.now();
    if (measureFrom === 0 && now - start >= warmupMs) {
      measureFrom = now;
      receivedAtStart = received;
      batchesAtStart = service.stats.batches;
      bytesAtStart = transport.stats().bytesSent;
    }
    if (measureFrom !== 0 && now - measureFrom >= SECONDS * 1000) {
      resolve();
      return;
    }
    if (sent - received + PER_SEND <= WINDOW) transport.send(nextMessages());
    setImmediate(loop);
  };
  loop();
});

const elapsed = (Date.now() - measureFrom) / 1000;
const msgs = received - receivedAtStart;
const batches = service.stats.batches - batchesAtStart;
const stats = transport.stats();
// bytesSent counts what was written; over the window, written and received differ by < WINDOW messages.
const wireBytes = stats.bytesSent - bytesAtStart;
const result = {
  seconds: Number(elapsed.toFixed(2)),
  valueBytes: VALUE_BYTES,
  perSend: PER_SEND,
  window: WINDOW,
  writesInFlight: WRITES_IN_FLIGHT ?? 'default',
  messagesPerSec: Math.round(msgs / elapsed),
  payloadMBPerSec: Number(((msgs * VALUE_BYTES) / elapsed / 1e6).toFixed(1)),
  estimatedWireMBPerSec: Number((wireBytes / elapsed / 1e6).toFixed(1)),
  batchesPerSec: Math.round(batches / elapsed),
  messagesPerBatch: Number((msgs / Math.max(1, batches)).toFixed(1)),
  backpressureWaits: stats.backpressureWaits,
  drainWaits: stats.drainWaits,
  dropped: stats.messagesDropped,
  unreachable,
  outOfOrder,
};

await transport.close();
service.closeStreams();
await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));

if (args.json) {
  console.log(JSON.stringify(result));
} else {
  console.log(
    `transport: ${result.messagesPerSec.toLocaleString('en-US')} messages/s, ${result.payloadMBPerSec} MB/s of ` +
      `${VALUE_BYTES}-byte values (≈ ${result.estimatedWireMBPerSec} MB/s estimated on the wire), ` +
      `${result.batchesPerSec.toLocaleString('en-US')} writes/s, ${result.messagesPerBatch} messages per write ` +
      `over ${result.seconds} s (per send ${PER_SEND}, window ${WINDOW}); backpressure waits ${result.backpressureWaits} ` +
      `(drain ${result.drainWaits}), ` +
      `dropped ${result.dropped}, unreachable ${result.unreachable}, out of order ${result.outOfOrder}`,
  );
}
