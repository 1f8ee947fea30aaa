// One API service served over real gRPC on 127.0.0.1 (a port picked at run time), with a
// BatonClient bound to it; closeServed() stops every server and client these tests started.
import * as grpc from '@grpc/grpc-js';
import { grpcProtos } from '../../src/api/grpc_util.js';
import { BatonClient } from '../../src/client/client.js';

const servers: grpc.Server[] = [];
const clients: BatonClient[] = [];

export async function serveApi(service: 'Control' | 'Cluster', handlers: object): Promise<BatonClient> {
  const server = new grpc.Server();
  servers.push(server);
  server.addService(grpcProtos().baton.v1[service].service, handlers as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  const client = new BatonClient({ managers: [`127.0.0.1:${port}`], timeoutMs: 3_000 });
  clients.push(client);
  return client;
}

export function closeServed(): void {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) s.forceShutdown();
}
