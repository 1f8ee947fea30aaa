// `baton agent`: one worker. Opens its local state, adopts the runs that outlived a previous
// agent process, serves its Agent service (task logs, for the managers), and keeps a dispatcher
// session with the leader: registration, heartbeats, assignments in, task status out.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { CHANNEL_OPTIONS, grpcProtos, shutdownServer, toStatus } from '../api/grpc_util.js';
import type { AgentHandlers } from '../gen/baton/v1/Agent';
import { BatonError } from '../manager/errors.js';
import type { Logger } from '../manager/logger.js';
import type { Executor, RuntimeName } from './executor/executor.js';
import { ProcessExecutor } from './executor/process.js';
import { RuncExecutor } from './executor/runc.js';
import { WorkerSession } from './session.js';
import { AgentState } from './state.js';
import { TaskManager } from './tasks.js';

export interface AgentOptions {
  dataDir: string;
  managers: string[];
  token: string;
  /** host:port for the Agent service (port 0: a free one). */
  listen: string;
  /** The address managers reach the Agent service at (default: the listen address). */
  advertise?: string;
  hostname?: string;
  labels?: Record<string, string>;
  /** Resources offered to tasks (default: the machine's). */
  milliCpus?: number;
  memoryBytes?: number;
  /** Runtimes to offer (default: every one that works here). */
  runtimes?: RuntimeName[];
  stopGraceMs?: number;
  logger: Logger;
}

export class Agent {
  private constructor(
    readonly address: string,
    private readonly state: AgentState,
    private readonly tasks: TaskManager,
    private readonly session: WorkerSession,
    private readonly server: grpc.Server,
    private readonly executors: Map<RuntimeName, Executor>,
    private readonly log: Logger,
    private nodeIdValue: string,
  ) {}

  get nodeId(): string {
    return this.nodeIdValue;
  }

  static async start(opts: AgentOptions): Promise<Agent> {
    if (opts.managers.length === 0) throw new BatonError('INVALID_ARGUMENT', '--manager: name at least one manager address');
    if (!opts.token) throw new BatonError('INVALID_ARGUMENT', '--token: the worker join token is required (`baton token show worker` on a manager)');
    mkdirSync(opts.dataDir, { recursive: true });
    const log = opts.logger.child({ component: 'agent' });
    const state = await AgentState.open(path.join(opts.dataDir, 'state'));
    const executors = new Map<RuntimeName, Executor>();
    executors.set('process', new ProcessExecutor({ dataDir: path.join(opts.dataDir, 'runs') }));
    executors.set('runc', new RuncExecutor({ dataDir: path.join(opts.dataDir, 'runs'), imagesDir: path.join(opts.dataDir, 'images') }));
    const unavailable = new Map<RuntimeName, string>();
    for (const [name, ex] of executors) {
      const why = opts.runtimes && !opts.runtimes.includes(name) ? 'not offered by this agent (--runtime)' : await ex.unavailable();
      if (why) unavailable.set(name, why);
    }
    const runtimes = [...executors.keys()].filter((r) => !unavailable.has(r));

    let session: WorkerSession | null = null;
    const tasks = new TaskManager({ state, executors, unavailable, log, report: (u) => session?.report(u), stopGraceMs: opts.stopGraceMs ?? 10_000 });
    await tasks.load();

    const server = new grpc.Server(CHANNEL_OPTIONS);
    const handlers: AgentHandlers = {
      TaskLogs: (call) => {
        const run = tasks.runOf(call.request.taskId);
        if (!run) {
          call.emit('error', Object.assign(new Error('x'), toStatus(new BatonError('NOT_FOUND', `task ${call.request.taskId} is not known on this node`))));
          return;
        }
        const ac = new AbortController();
        call.on('cancelled', () => ac.abort());
        call.on('close', () => ac.abort());
        void (async () => {
          try {
            for await (const e of run.executor.logs(run.handle, { follow: call.request.follow, tail: call.request.tail, signal: ac.signal })) {
              if (call.cancelled || call.destroyed) break;
              const ok = call.write({ taskId: call.request.taskId, stream: e.stream, timestampMs: e.timestampMs, line: e.line });
              if (!ok) await new Promise((r) => call.once('drain', r));
            }
            if (!call.destroyed) call.end();
          } catch (e) {
            if (!call.destroyed) call.emit('error', Object.assign(new Error('logs'), toStatus(e)));
          }
        })();
      },
    };
    server.addService(grpcProtos().baton.v1.Agent.service, handlers);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(opts.listen, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(new BatonError('UNAVAILABLE', `cannot listen on ${opts.listen}: ${e.message}`)) : resolve(p))),
    );
    const host = opts.listen.slice(0, opts.listen.lastIndexOf(':'));
    const address = opts.advertise ?? `${host}:${port}`;

    let nodeId = await state.nodeId();
    const hostname = opts.hostname ?? os.hostname();
    const resources = {
      milliCpus: opts.milliCpus ?? os.availableParallelism() * 1000,
      memoryBytes: opts.memoryBytes ?? os.totalmem(),
    };
    session = new WorkerSession({
      managers: opts.managers,
      log,
      registration: () => ({ token: opts.token, nodeId, hostname, address, resources, labels: opts.labels ?? {}, runtimes }),
      onRegistered: async (id) => {
        if (id !== nodeId) {
          await state.setNodeId(id);
          nodeId = id;
          agent.nodeIdValue = id;
        }
      },
      onAssignments: (t, removed, full, last) => tasks.assign(t, removed, full, last),
      statuses: () => tasks.statuses(),
    });
    const agent = new Agent(address, state, tasks, session, server, executors, log, nodeId);
    session.start();
    log.info({ address, hostname, runtimes, unavailable: Object.fromEntries(unavailable), managers: opts.managers }, 'agent started');
    return agent;
  }

  /** Resolves once registered with the leader. */
  registered(): Promise<void> {
    return this.session.registered();
  }

  /** Stops the agent; its tasks keep running (a restarted agent adopts them). */
  async stop(): Promise<void> {
    this.session.stop();
    await this.tasks.close();
    for (const ex of this.executors.values()) ex.close?.();
    await shutdownServer(this.server, 1000);
    await this.state.close();
    this.log.info({}, 'agent stopped');
  }
}
