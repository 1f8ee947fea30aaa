// `baton manager`: one manager process. Opens the Raft storage in its data directory, serves the
// gRPC API (Control, Cluster, RaftTransport, health, reflection) on one port, runs the replica,
// and while it leads, promotes learners that caught up.
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { ClusterApi, newToken } from '../api/cluster_service.js';
import { ControlApi } from '../api/control_service.js';
import { CHANNEL_OPTIONS, grpcProtos, shutdownServer } from '../api/grpc_util.js';
import { loadPackageDefinition } from '../proto/load.js';
import { DiskStorage } from '../raft/disk_storage.js';
import { GrpcTransport, RAFT_SERVER_OPTIONS, registerRaftTransport, type RaftTransportService } from '../raft/grpc_transport.js';
import { decodeConfChange } from '../raft/node.js';
import { decode } from '../proto/load.js';
import type { BackupHeader } from '../store/backup_file.js';
import { KvStore } from '../store/kv_store.js';
import type { Command, MemberInfo } from '../store/types.js';
import type { JoinResponse__Output } from '../gen/baton/v1/JoinResponse';
import { Dispatcher } from '../dispatcher/dispatcher.js';
import { BatonError } from './errors.js';
import { clusterStateOf, LeaderDuties } from './leader.js';
import { createLogger, type Logger } from './logger.js';
import { Replica, type Timing } from './replica.js';
import { watchEventLoop } from './stall_watch.js';

/**
 * Default timing: a 50 ms tick, heartbeats every 100 ms, elections after 500-1000 ms without a
 * leader (half of etcd's 1 s; pre-vote and check-quorum keep it free of spurious elections).
 * See docs/operations.md for how it was chosen and how to change it.
 */
export const DEFAULT_TIMING: Timing = { tickMs: 50, electionTicks: 10, heartbeatTicks: 2 };

export interface ManagerOptions {
  dataDir: string;
  /** host:port to listen on (port 0: pick a free one). */
  listen: string;
  /** host:port the others reach this manager at (default: the listen address). */
  advertise?: string;
  name?: string;
  timing?: Partial<Timing>;
  logger?: Logger;
  /** A worker silent this long is marked down (default 3 s; the cluster setting overrides it). */
  heartbeatGraceMs?: number;
}

export class Manager {
  private stopping: Promise<void> | null = null;
  private promoter: NodeJS.Timeout | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private stopStallWatch: (() => void) | null = null;
  /** Resolves when the manager has stopped (signal, leave, removal, or a fatal error). */
  readonly stopped: Promise<void>;
  private resolveStopped!: () => void;

  private constructor(
    readonly id: number,
    readonly address: string,
    readonly replica: Replica,
    private readonly server: grpc.Server,
    private readonly transport: GrpcTransport,
    private readonly raftService: RaftTransportService,
    private readonly storage: DiskStorage,
    private readonly clusterApi: ClusterApi,
    private readonly health: HealthImplementation,
    private readonly duties: LeaderDuties,
    readonly log: Logger,
  ) {
    this.stopped = new Promise((r) => (this.resolveStopped = r));
  }

  /** Starts a manager over a data directory that already holds a cluster member's state. */
  static async start(opts: ManagerOptions, storage?: DiskStorage, id?: number, peers: MemberInfo[] = []): Promise<Manager> {
    const raftDir = path.join(opts.dataDir, 'raft');
    storage ??= await DiskStorage.open(raftDir);
    if (id === undefined) {
      const raw = await storage.getMeta('id');
      if (!raw) {
        await storage.close();
        throw new BatonError('FAILED_PRECONDITION', `${opts.dataDir} holds no manager: create one with \`baton init\` or \`baton join\``);
      }
      id = Number(raw.toString());
    }
    const timing = { ...DEFAULT_TIMING, ...opts.timing };
    const baseLog = opts.logger ?? createLogger(id);
    const log = baseLog.child({ component: 'manager' });
    const replica = new Replica({ id, storage, timing, logger: baseLog });
    for (const p of peers) replica.addressHints.set(p.id, p.address);

    const server = new grpc.Server({ ...RAFT_SERVER_OPTIONS, ...CHANNEL_OPTIONS });
    const raftService = registerRaftTransport(server, replica, { nodeId: id, logger: baseLog, isRemoved: (from) => replica.isRemoved(from) });
    const control = new ControlApi(replica);
    let manager: Manager | null = null;
    const clusterApi = new ClusterApi(replica, { shutdown: () => void manager?.stop(false) }, baseLog.child({ component: 'cluster-api' }));
    const protos = grpcProtos();
    server.addService(protos.baton.v1.Control.service, control.handlers());
    server.addService(protos.baton.v1.Cluster.service, clusterApi.handlers());
    const state = clusterStateOf(replica);
    const dispatcher = new Dispatcher(state, {
      log: baseLog.child({ component: 'dispatcher' }),
      isLeader: () => replica.role === 'leader',
      notLeader: () => replica.describeLeadership(),
      checkToken: (t) => t !== '' && t === replica.kv.tokens.worker,
      managers: () => [...replica.kv.members.values()].map((m) => m.address),
      heartbeatGraceMs: opts.heartbeatGraceMs,
    });
    server.addService(protos.baton.v1.Dispatcher.service, dispatcher.handlers());
    const duties = new LeaderDuties(replica, state, dispatcher, baseLog);
    const health = new HealthImplementation({ '': 'NOT_SERVING', 'baton.v1.Control': 'NOT_SERVING' });
    health.addToServer(server);
    new ReflectionService(loadPackageDefinition()).addToServer(server);

    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(opts.listen, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(listenError(opts.listen, e)) : resolve(p))),
    );
    const host = opts.listen.slice(0, opts.listen.lastIndexOf(':'));
    const address = opts.advertise ?? `${host}:${port}`;
    const transport = new GrpcTransport({ nodeId: id, handler: replica, logger: baseLog });
    manager = new Manager(id, address, replica, server, transport, raftService, storage, clusterApi, health, duties, log);
    replica.onRemoved = () => void manager!.stop(false);
    replica.start(transport);
    duties.start();
    manager.promoter = setInterval(() => manager!.promoteLearners(), 250);
    manager.promoter.unref();
    const serving = () => {
      const ok = replica.leader !== 0;
      health.setStatus('', ok ? 'SERVING' : 'NOT_SERVING');
      health.setStatus('baton.v1.Control', ok ? 'SERVING' : 'NOT_SERVING');
    };
    manager.healthTimer = setInterval(serving, 200);
    manager.healthTimer.unref();
    manager.stopStallWatch = watchEventLoop(log);
    log.info({ id, address, listen: opts.listen, dataDir: opts.dataDir, timing }, 'manager started');
    if (process.env['BATON_UNSAFE_BUG']) log.warn({ bug: process.env['BATON_UNSAFE_BUG'] }, 'DELIBERATELY BROKEN BUILD for testing the chaos checkers: do not use this manager');
    return manager;
  }

  /** Leader duty: promote a learner to voter once it holds nearly the whole log. */
  private promoteLearners(): void {
    const r = this.replica;
    if (r.role !== 'leader' || r.confState.learners.length === 0) return;
    const st = r.node.status();
    for (const id of r.confState.learners) {
      const pr = st.progress?.get(id);
      // Caught up: replicating normally and holding everything committed.
      if (!pr || !pr.recentActive || pr.state !== 'replicate' || pr.match < st.commit) continue;
      if (r.kv.members.get(id)?.stayLearner) continue; // demoted on purpose
      r.changeMembership('CONF_CHANGE_ADD_VOTER', id, r.kv.members.get(id)).then(
        () => this.log.info({ member: id }, 'learner caught up and was promoted to voter'),
        (e: Error) => this.log.debug({ member: id, err: e.message }, 'promotion not done yet'),
      );
      return; // one change at a time
    }
  }

  /**
   * Stops the manager. Graceful: if it leads, it hands leadership to the most up-to-date voter
   * first, so the cluster does not wait for an election timeout.
   */
  stop(graceful = true): Promise<void> {
    this.stopping ??= (async () => {
      if (graceful && this.replica.role === 'leader' && this.replica.confState.voters.length > 1) {
        try {
          await this.clusterApi.transferAsLeader(0);
          this.log.info({ leader: this.replica.leader }, 'handed leadership over before stopping');
        } catch (e) {
          this.log.warn({ err: (e as Error).message }, 'could not hand leadership over before stopping');
        }
      }
      if (this.promoter) clearInterval(this.promoter);
      if (this.healthTimer) clearInterval(this.healthTimer);
      this.stopStallWatch?.();
      this.health.setStatus('', 'NOT_SERVING');
      await this.duties.stop();
      await this.replica.stop();
      this.raftService.closeStreams();
      await this.transport.close();
      this.clusterApi.close();
      await shutdownServer(this.server, 1000);
      await this.storage.close();
      this.log.info({}, 'manager stopped');
      this.resolveStopped();
    })();
    return this.stopping;
  }
}

function listenError(listen: string, e: Error): BatonError {
  return new BatonError('UNAVAILABLE', `cannot listen on ${listen}: ${e.message}`);
}

function checkEmptyDataDir(dataDir: string): void {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new BatonError('ALREADY_EXISTS', `data dir ${dataDir} is not empty; restart the manager there with \`baton manager --data-dir ${dataDir}\``);
  }
}

function newMemberId(): number {
  return randomInt(1, 2 ** 47);
}

/**
 * `baton init`: a new one-member cluster. Returns the running manager and the join tokens. With
 * `restore` (a checked backup, see backup.ts) the cluster starts from that state: its cluster id,
 * join tokens, key/value store and objects, with this manager as its only member.
 */
export async function initCluster(
  opts: ManagerOptions & { restore?: { header: BackupHeader; state: Buffer } },
): Promise<{ manager: Manager; tokens: { manager: string; worker: string } }> {
  checkEmptyDataDir(opts.dataDir);
  // The address is known only once listening (port 0), but the bootstrap state records it.
  const address = opts.advertise ?? opts.listen;
  if (address.endsWith(':0')) throw new BatonError('INVALID_ARGUMENT', '--listen: baton init needs a concrete port (or --advertise), not port 0');
  const id = newMemberId();
  const kv = new KvStore();
  if (opts.restore) {
    try {
      kv.restore(opts.restore.state);
    } catch (e) {
      throw new BatonError('DATA_LOSS', `the backup's state does not decode: ${(e as Error).message}`);
    }
    // The old members are gone from this cluster (and refused, should one of them call).
    for (const m of [...kv.members.keys()]) kv.removeMember(m);
  } else {
    kv.clusterId = randomBytes(8).toString('hex');
    kv.tokens = { manager: newToken('MGR'), worker: newToken('WKR') };
  }
  kv.setMember({ id, address, name: opts.name ?? '', stayLearner: false });
  mkdirSync(opts.dataDir, { recursive: true });
  const storage = await DiskStorage.open(path.join(opts.dataDir, 'raft'));
  await storage.bootstrap([id], kv.snapshot());
  await storage.putMeta('id', Buffer.from(String(id)));
  const manager = await Manager.start(opts, storage, id);
  if (opts.restore) {
    const h = opts.restore.header;
    manager.log.warn({ clusterId: h.clusterId, index: h.index, revision: h.revision, takenBy: h.manager, takenAt: new Date(h.createdUnixMs).toISOString() }, 'started a new one-member cluster from a backup');
  }
  return { manager, tokens: kv.tokens };
}

/** `baton join`: asks an existing manager to add this one (as a learner), then starts it. */
export async function joinCluster(opts: ManagerOptions & { token: string; peer: string }): Promise<Manager> {
  checkEmptyDataDir(opts.dataDir);
  const address = opts.advertise ?? opts.listen;
  if (address.endsWith(':0')) throw new BatonError('INVALID_ARGUMENT', '--listen: baton join needs a concrete port (or --advertise), not port 0');
  const id = newMemberId();
  const member: MemberInfo = { id, address, name: opts.name ?? '', stayLearner: false };
  // Ask first: a refused join (wrong token) leaves nothing behind.
  const client = new (grpcProtos().baton.v1.Cluster)(opts.peer, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  let members: MemberInfo[];
  try {
    const res = await new Promise<JoinResponse__Output>((resolve, reject) =>
      client.Join({ token: opts.token, member }, { deadline: Date.now() + 15_000 }, (e, r) => (e ? reject(e) : resolve(r!))),
    );
    members = res.members;
  } catch (e) {
    const se = e as grpc.ServiceError;
    throw new BatonError((grpc.status[se.code] as BatonError['code']) ?? 'UNAVAILABLE', `join through ${opts.peer} refused: ${se.details || se.message}`);
  } finally {
    client.close();
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const storage = await DiskStorage.open(path.join(opts.dataDir, 'raft'));
  await storage.putMeta('id', Buffer.from(String(id)));
  return Manager.start(opts, storage, id, members);
}

/**
 * `baton manager --force-new-cluster`: disaster recovery from one surviving manager's data. Builds
 * the committed state (snapshot + committed log), then rewrites the Raft storage as a new
 * one-member cluster holding exactly that state, at a higher term.
 */
export async function forceNewCluster(opts: ManagerOptions): Promise<Manager> {
  const raftDir = path.join(opts.dataDir, 'raft');
  const old = await DiskStorage.open(raftDir);
  const rawId = await old.getMeta('id');
  if (!rawId) {
    await old.close();
    throw new BatonError('FAILED_PRECONDITION', `${opts.dataDir} holds no manager state to recover`);
  }
  const id = Number(rawId.toString());
  const kv = new KvStore();
  const snap = old.snapshot();
  if (snap.metadata!.index > 0) kv.restore(snap.data);
  const { hardState } = old.initialState();
  const commit = hardState.commit;
  let index = snap.metadata!.index;
  if (commit > index) {
    for (const e of old.entries(index + 1, commit + 1, Number.MAX_SAFE_INTEGER)) {
      if (e.type === 'ENTRY_CONF_CHANGE') {
        const cc = decodeConfChange(e.data);
        if (cc.type === 'CONF_CHANGE_REMOVE') kv.removeMember(cc.nodeId);
        else if (cc.context.length > 0) kv.setMember(decode<MemberInfo>('baton.v1.MemberInfo', cc.context));
      } else if (e.data.length > 0) {
        kv.apply(decode<Command>('baton.v1.Command', e.data));
      }
      index = e.index;
    }
  }
  const self = kv.members.get(id);
  for (const m of [...kv.members.keys()]) if (m !== id) kv.removeMember(m);
  kv.setMember({ id, address: opts.advertise ?? self?.address ?? opts.listen, name: self?.name ?? opts.name ?? '', stayLearner: false });
  const term = hardState.term + 1;
  await old.close();
  const backup = `${raftDir}.before-force-new-cluster-${Date.now()}`;
  const { renameSync } = await import('node:fs');
  renameSync(raftDir, backup);
  const fresh = await DiskStorage.open(raftDir);
  await fresh.persist({
    snapshot: { metadata: { index, term, confState: { voters: [id], learners: [] } }, data: kv.snapshot() },
    entries: [],
    hardState: { term, vote: 0, commit: index },
  });
  await fresh.putMeta('id', Buffer.from(String(id)));
  const manager = await Manager.start(opts, fresh, id);
  manager.log.warn({ index, term, backup }, 'forced a new one-member cluster from this manager\'s committed state; the old Raft data is kept aside');
  return manager;
}
