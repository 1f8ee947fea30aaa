// `ServiceLogs`: the logs of a service's tasks. The manager that takes the call asks each agent
// running (or having run) one of the tasks for its lines (Agent.TaskLogs) and merges the streams,
// so users need to reach only a manager, never the workers.
import * as grpc from '@grpc/grpc-js';
import type { AgentClient } from '../gen/baton/v1/Agent';
import type { LogLine, LogLine__Output } from '../gen/baton/v1/LogLine';
import type { ServiceLogsRequest__Output } from '../gen/baton/v1/ServiceLogsRequest';
import { BatonError, invalid } from '../manager/errors.js';
import type { Replica } from '../manager/replica.js';
import { CHANNEL_OPTIONS, grpcProtos, toStatus } from './grpc_util.js';

export function serviceLogs(replica: Replica, call: grpc.ServerWritableStream<ServiceLogsRequest__Output, LogLine>): void {
  const fail = (e: unknown) => {
    const st = toStatus(e);
    if (!call.destroyed) call.emit('error', Object.assign(new Error(st.details ?? 'logs failed'), st));
  };
  const req = call.request;
  const objects = replica.kv.objects;
  try {
    if (!req.service) throw invalid('service', 'must name a service (id or name)');
    const svc = objects.services.get(req.service) ?? objects.serviceByName(req.namespace || 'default', req.service);
    if (!svc) throw new BatonError('NOT_FOUND', `service ${JSON.stringify(req.service)} does not exist`);
    const tasks = objects.tasksOfService(svc.id).filter((t) => t.nodeId && objects.nodes.get(t.nodeId)?.address);
    if (tasks.length === 0) {
      call.end();
      return;
    }
    const Agent = grpcProtos().baton.v1.Agent;
    const clients = new Map<string, AgentClient>();
    const streams: grpc.ClientReadableStream<LogLine__Output>[] = [];
    let open = tasks.length;
    const done = () => {
      if (--open > 0) return;
      for (const c of clients.values()) c.close();
      if (!call.destroyed && !call.writableEnded) call.end();
    };
    call.on('cancelled', () => {
      for (const s of streams) s.cancel();
      for (const c of clients.values()) c.close();
    });
    for (const t of tasks) {
      const address = objects.nodes.get(t.nodeId)!.address;
      let client = clients.get(address);
      if (!client) clients.set(address, (client = new Agent(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS) as unknown as AgentClient));
      // Without --follow an unreachable agent must not hold the answer forever.
      const deadline = req.follow ? Infinity : Date.now() + 10_000;
      const s = client.TaskLogs({ taskId: t.id, follow: req.follow, tail: req.tail }, { deadline });
      streams.push(s);
      s.on('data', (line: LogLine__Output) => {
        if (!call.destroyed && !call.writableEnded) call.write(line);
      });
      s.on('error', () => done());
      s.on('end', () => done());
    }
  } catch (e) {
    fail(e);
  }
}
