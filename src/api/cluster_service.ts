// The Cluster service: joining, membership, leadership, status and join tokens. Calls that only
// the leader can serve are forwarded to it by a follower (the caller does not need to know who
// leads).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import type { ClusterClient, ClusterHandlers } from '../gen/baton/v1/Cluster';
import type { JoinRequest__Output } from '../gen/baton/v1/JoinRequest';
import type { JoinResponse } from '../gen/baton/v1/JoinResponse';
import type { ListManagersResponse } from '../gen/baton/v1/ListManagersResponse';
import type { ManagerStatus } from '../gen/baton/v1/ManagerStatus';
import type { MembershipResponse } from '../gen/baton/v1/MembershipResponse';
import type { RaftStatus } from '../gen/baton/v1/RaftStatus';
import type { TokensResponse } from '../gen/baton/v1/TokensResponse';
import { BatonError, invalid } from '../manager/errors.js';
import type { Logger } from '../manager/logger.js';
import type { Replica } from '../manager/replica.js';
import type { BackupChunk } from '../gen/baton/v1/BackupChunk';
import type { BackupRequest__Output } from '../gen/baton/v1/BackupRequest';
import { BACKUP_CHUNK_BYTES, type BackupHeader } from '../store/backup_file.js';
import { encodeSnapshot } from '../store/kv_store.js';
import { CHANNEL_OPTIONS, grpcProtos, toStatus, unary } from './grpc_util.js';

export function newToken(kind: 'MGR' | 'WKR'): string {
  return `BATON-${kind}-${randomBytes(24).toString('base64url')}`;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface ClusterApiHooks {
  /** Stops this manager's process (after Leave). */
  shutdown(): void;
}

export class ClusterApi {
  private readonly clients = new Map<string, ClusterClient>();

  constructor(
    private readonly replica: Replica,
    private readonly hooks: ClusterApiHooks,
    private readonly log: Logger,
  ) {}

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  private client(address: string): ClusterClient {
    let c = this.clients.get(address);
    if (!c) {
      c = new (grpcProtos().baton.v1.Cluster)(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
      this.clients.set(address, c);
    }
    return c;
  }

  /** Runs `local` on the leader: here if this manager leads, else forwarded to the leader. */
  private async onLeader<Res>(local: () => Promise<Res>, forward: (c: ClusterClient, cb: (e: grpc.ServiceError | null, r?: Res) => void) => void): Promise<Res> {
    const r = this.replica;
    if (r.role === 'leader') return local();
    const leader = r.leader !== 0 ? r.leader : await r.waitForLeader(2_000).catch(() => 0);
    if (leader === 0) throw r.unavailable();
    if (leader === r.id) return local();
    const address = r.memberAddress(leader);
    if (!address) throw new BatonError('UNAVAILABLE', `the address of leader ${leader} is unknown: ${r.describeLeadership()}`);
    return new Promise((resolve, reject) => {
      forward(this.client(address), (e, res) => (e ? reject(e) : resolve(res!)));
    });
  }

  private members() {
    return [...this.replica.kv.members.values()].filter(
      (m) => this.replica.confState.voters.includes(m.id) || this.replica.confState.learners.includes(m.id),
    );
  }

  // ------------------------------------------------------------------ join

  async join(req: JoinRequest__Output): Promise<JoinResponse> {
    return this.onLeader(
      () => this.joinAsLeader(req),
      (c, cb) => c.Join(req, { deadline: Date.now() + 10_000 }, cb),
    );
  }

  private async joinAsLeader(req: JoinRequest__Output): Promise<JoinResponse> {
    const r = this.replica;
    await r.linearizable();
    if (!sameSecret(req.token, r.kv.tokens.manager)) {
      throw new BatonError('PERMISSION_DENIED', 'token: not a valid manager join token for this cluster (see `baton token show`)');
    }
    const m = req.member;
    if (!m || !(m.id > 0)) throw invalid('member.id', 'must be a positive integer');
    if (!/^[^\s:]+:\d+$/.test(m.address)) throw invalid('member.address', `must be host:port, got "${m?.address ?? ''}"`);
    const known = r.kv.members.get(m.id);
    const inConfig = r.confState.voters.includes(m.id) || r.confState.learners.includes(m.id);
    if (inConfig && known) {
      if (known.address !== m.address) throw new BatonError('ALREADY_EXISTS', `member.id: ${m.id} is already a manager at ${known.address}`);
    } else {
      for (const other of r.kv.members.values()) {
        if (other.address === m.address && other.id !== m.id) {
          throw new BatonError('ALREADY_EXISTS', `member.address: ${m.address} is already used by manager ${other.id}`);
        }
      }
      await r.changeMembership('CONF_CHANGE_ADD_LEARNER', m.id, { ...m, stayLearner: false });
    }
    return { clusterId: r.kv.clusterId, members: this.members() };
  }

  // ------------------------------------------------------------------ membership

  listManagersLocal(): ListManagersResponse {
    const r = this.replica;
    const st = r.node.status();
    const last = st.lastIndex;
    const managers: ManagerStatus[] = [];
    const add = (id: number, role: 'MANAGER_VOTER' | 'MANAGER_LEARNER') => {
      const pr = st.progress?.get(id);
      const match = id === r.id ? last : (pr?.match ?? 0);
      managers.push({
        member: r.kv.members.get(id) ?? { id, address: '', name: '' },
        role,
        leader: id === r.leader,
        reachable: r.reachable(id),
        matchIndex: match,
        lag: Math.max(0, last - match),
      });
    };
    for (const id of r.confState.voters) add(id, 'MANAGER_VOTER');
    for (const id of r.confState.learners) add(id, 'MANAGER_LEARNER');
    return { leader: r.leader, term: st.term, managers };
  }

  /**
   * Refuses a change that would leave the voters without a reachable majority (as the leader
   * sees them now) or without any voter at all.
   */
  private checkQuorumAfter(votersAfter: number[], what: string): void {
    if (votersAfter.length === 0) throw new BatonError('FAILED_PRECONDITION', `${what} would leave no voting manager; add another manager first`);
    const reachable = votersAfter.filter((id) => this.replica.reachable(id));
    const need = Math.floor(votersAfter.length / 2) + 1;
    if (reachable.length < need) {
      throw new BatonError(
        'FAILED_PRECONDITION',
        `${what} would leave ${votersAfter.length} voters of which only ${reachable.length} are reachable (${reachable.join(', ')}); a majority of ${need} is needed. Bring the unreachable managers back first`,
      );
    }
  }

  private async removeAsLeader(id: number, demote: boolean): Promise<MembershipResponse> {
    const r = this.replica;
    const cs = r.confState;
    const isVoter = cs.voters.includes(id);
    if (!isVoter && !cs.learners.includes(id)) throw new BatonError('NOT_FOUND', `id: ${id} is not a manager of this cluster`);
    if (demote && !isVoter) throw new BatonError('FAILED_PRECONDITION', `id: ${id} is already a learner`);
    const what = `${demote ? 'demoting' : 'removing'} manager ${id}`;
    if (!demote && cs.voters.length + cs.learners.length === 1) throw new BatonError('FAILED_PRECONDITION', `${what}: it is the last manager`);
    this.checkQuorumAfter(cs.voters.filter((v) => v !== id), what);
    const member = r.kv.members.get(id);
    await r.changeMembership(demote ? 'CONF_CHANGE_ADD_LEARNER' : 'CONF_CHANGE_REMOVE', id, demote && member ? { ...member, stayLearner: true } : undefined);
    return { members: this.members() };
  }

  private async promoteAsLeader(id: number): Promise<MembershipResponse> {
    const r = this.replica;
    if (r.confState.voters.includes(id)) throw new BatonError('FAILED_PRECONDITION', `id: ${id} is already a voter`);
    if (!r.confState.learners.includes(id)) throw new BatonError('NOT_FOUND', `id: ${id} is not a manager of this cluster`);
    const member = r.kv.members.get(id);
    await r.changeMembership('CONF_CHANGE_ADD_VOTER', id, member ? { ...member, stayLearner: false } : undefined);
    return { members: this.members() };
  }

  async transferAsLeader(to: number): Promise<number> {
    const r = this.replica;
    if (to === 0) {
      const st = r.node.status();
      let best = 0;
      let bestMatch = -1;
      for (const id of r.confState.voters) {
        const pr = st.progress?.get(id);
        if (id === r.id || !pr || !r.reachable(id)) continue;
        if (pr.match > bestMatch) {
          best = id;
          bestMatch = pr.match;
        }
      }
      if (best === 0) throw new BatonError('FAILED_PRECONDITION', 'no other reachable voting manager to hand leadership to');
      to = best;
    }
    if (to === r.id) return to;
    await r.transferLeadership(to);
    return to;
  }

  // ------------------------------------------------------------------ status and tokens

  nodeStatus(): RaftStatus {
    const r = this.replica;
    const st = r.node.status();
    return {
      member: r.kv.members.get(r.id) ?? { id: r.id, address: '', name: '' },
      role: st.role,
      term: st.term,
      leader: st.lead,
      commitIndex: st.commit,
      appliedIndex: r.applied(),
      lastIndex: st.lastIndex,
      snapshotIndex: r.snapshotAt(),
      clusterId: r.kv.clusterId,
    };
  }

  async tokens(rotateManager: boolean, rotateWorker: boolean): Promise<TokensResponse> {
    const r = this.replica;
    if (rotateManager || rotateWorker) {
      await r.linearizable();
      const next = {
        manager: rotateManager ? newToken('MGR') : r.kv.tokens.manager,
        worker: rotateWorker ? newToken('WKR') : r.kv.tokens.worker,
      };
      await r.write({ op: 'setTokens', setTokens: next, requestId: null });
    } else {
      await r.linearizable();
    }
    return { manager: r.kv.tokens.manager, worker: r.kv.tokens.worker };
  }

  handlers(): ClusterHandlers {
    return {
      Join: unary((req) => this.join(req)),
      ListManagers: unary((req) =>
        this.onLeader(
          async () => this.listManagersLocal(),
          (c, cb) => c.ListManagers(req, { deadline: Date.now() + 5_000 }, cb),
        ),
      ),
      RemoveManager: unary((req) =>
        this.onLeader(
          () => this.removeAsLeader(req.id, false),
          (c, cb) => c.RemoveManager(req, { deadline: Date.now() + 10_000 }, cb),
        ),
      ),
      DemoteManager: unary((req) =>
        this.onLeader(
          () => this.removeAsLeader(req.id, true),
          (c, cb) => c.DemoteManager(req, { deadline: Date.now() + 10_000 }, cb),
        ),
      ),
      PromoteManager: unary((req) =>
        this.onLeader(
          () => this.promoteAsLeader(req.id),
          (c, cb) => c.PromoteManager(req, { deadline: Date.now() + 10_000 }, cb),
        ),
      ),
      TransferLeadership: unary((req) =>
        this.onLeader(
          async () => ({ leader: await this.transferAsLeader(req.to) }),
          (c, cb) => c.TransferLeadership(req, { deadline: Date.now() + 10_000 }, cb),
        ),
      ),
      Leave: unary(async () => {
        await this.leave();
        return {};
      }),
      RaftStatus: unary(async () => this.nodeStatus()),
      Tokens: unary((req) => this.tokens(req.rotateManager, req.rotateWorker)),
      Backup: (call) => void this.backup(call),
    };
  }

  /** Streams a backup taken on this manager: the header, then the state in pieces. */
  private async backup(call: grpc.ServerWritableStream<BackupRequest__Output, BackupChunk>): Promise<void> {
    const t0 = performance.now();
    try {
      const { header, state } = await takeBackup(this.replica);
      call.write({ header });
      for (let o = 0; o < state.length && !call.cancelled; o += BACKUP_CHUNK_BYTES) {
        // Honour back-pressure: a large store is hundreds of MB, not to be queued in memory twice.
        if (!call.write({ data: state.subarray(o, o + BACKUP_CHUNK_BYTES) })) await drained(call);
      }
      if (call.cancelled) return;
      call.end();
      this.log.info({ index: header.index, bytes: header.stateBytes, ms: Math.round(performance.now() - t0) }, 'backup taken');
    } catch (e) {
      // emit('error') sends the status to the client; destroy() would end the stream silently.
      const status = toStatus(e);
      call.emit('error', Object.assign(new Error(status.details ?? 'backup failed'), status));
    }
  }

  /** This manager leaves the cluster: hands over leadership if it leads, is removed, then stops. */
  async leave(): Promise<void> {
    const r = this.replica;
    if (!r.confState.voters.includes(r.id) && !r.confState.learners.includes(r.id)) {
      throw new BatonError('FAILED_PRECONDITION', 'this manager is not a member of the cluster');
    }
    if (r.role === 'leader') await this.transferAsLeader(0);
    const id = r.id;
    await this.onLeader(
      () => this.removeAsLeader(id, false),
      (c, cb) => c.RemoveManager({ id }, { deadline: Date.now() + 10_000 }, cb),
    );
    setImmediate(() => this.hooks.shutdown());
  }
}

/**
 * The state as of now on `replica`, after everything committed before this call was applied (a
 * ReadIndex round), encoded a slice per event-loop turn while the manager goes on serving.
 */
async function takeBackup(replica: Replica): Promise<{ header: BackupHeader; state: Buffer }> {
  await replica.linearizable();
  // Read the index and freeze in the same turn: nothing is applied in between.
  const index = replica.applied();
  const frozen = replica.kv.freeze();
  const state = await encodeSnapshot(frozen, () => new Promise<void>((r) => setImmediate(r)));
  return {
    header: {
      clusterId: replica.kv.clusterId,
      index,
      revision: frozen.head.revision,
      manager: replica.id,
      createdUnixMs: Date.now(),
      stateBytes: state.length,
      stateCrc32: crc32(state),
    },
    state,
  };
}

/** Resolves when a server stream can take more, or when its call ended (then nothing more is sent). */
function drained<Req, Res>(call: grpc.ServerWritableStream<Req, Res>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('close', done);
      call.off('cancelled', done);
      resolve();
    };
    call.on('drain', done);
    call.on('close', done);
    call.on('cancelled', done);
  });
}
