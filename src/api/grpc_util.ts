// Shared pieces of the gRPC services: typed service definitions, error mapping, and clients.
import * as grpc from '@grpc/grpc-js';
import type { ProtoGrpcType as ClusterProto } from '../gen/cluster.js';
import type { ProtoGrpcType as ControlProto } from '../gen/control.js';
import { BatonError } from '../manager/errors.js';
import { loadPackageDefinition } from '../proto/load.js';

type Protos = ClusterProto & ControlProto;

let protos: Protos | null = null;

export function grpcProtos(): Protos {
  protos ??= grpc.loadPackageDefinition(loadPackageDefinition()) as unknown as Protos;
  return protos;
}

/** Turns an error into a gRPC status: BatonErrors keep their code; anything else is INTERNAL. */
export function toStatus(e: unknown): Partial<grpc.StatusObject> {
  if (e instanceof BatonError) return { code: grpc.status[e.code], details: e.message };
  if (isServiceError(e)) return { code: e.code, details: e.details };
  const msg = e instanceof Error ? e.message : String(e);
  return { code: grpc.status.INTERNAL, details: `internal error: ${msg}` };
}

export function isServiceError(e: unknown): e is grpc.ServiceError {
  return typeof e === 'object' && e !== null && 'code' in e && 'details' in e && typeof (e as { code: unknown }).code === 'number';
}

/** Wraps an async handler as a grpc-js unary handler that maps errors to statuses. */
export function unary<Req, Res>(fn: (req: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    fn(call.request, call).then(
      (res) => callback(null, res),
      (e: unknown) => callback(toStatus(e) as grpc.ServiceError),
    );
  };
}

/** Channel options shared by every client baton opens. */
export const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_receive_message_length': 8 * 1024 * 1024,
  'grpc.max_send_message_length': 8 * 1024 * 1024,
};

/** Stops a server: lets running calls finish for at most graceMs, then cuts them. */
export function shutdownServer(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(t);
      resolve();
    });
  });
}
