// One manager's replica of the cluster state: drives the Raft core (ticks, messages, Readies),
// persists through DurableStorage before anything leaves, applies committed commands to the
// KvStore, and answers the API's proposals and linearizable reads.
//
// Group commit: Readies are handled one at a time; everything proposed or received while one is
// being persisted lands in the next Ready and shares its single synced write. A leader sends its
// appends before its own write (see loop).
import { randomBytes } from 'node:crypto';
import { decode, encode } from '../proto/load.js';
import { decodeConfChange, ProposalDroppedError, RaftNode, type Ready } from '../raft/node.js';
import { seededRand } from '../raft/rng.js';
import type { Transport, TransportHandler } from '../raft/transport.js';
import type { ConfChange, ConfChangeType, ConfState, Entry, Message, RaftRole } from '../raft/types.js';
import { KvStore, encodeSnapshot, type WriteResult } from '../store/kv_store.js';
import type { Command, MemberInfo } from '../store/types.js';
import type { DurableStorage } from './durable_storage.js';
import { BatonError } from './errors.js';
import type { Logger } from './logger.js';

export interface Timing {
  /** One Raft tick. */
  tickMs: number;
  electionTicks: number;
  heartbeatTicks: number;
}

export interface ReplicaOptions {
  id: number;
  storage: DurableStorage;
  timing: Timing;
  logger: Logger;
  /**
   * Snapshot the store every this many applied entries at least (default 10,000); with a larger
   * store, every as many entries as the store holds keys, so that the cost of snapshots per write
   * stays bounded (a snapshot encodes the whole store).
   */
  snapshotEvery?: number;
  /** Entries kept before a snapshot for slightly slow followers. */
  snapshotKeep?: number;
  /** How long a proposal waits for a leader before failing with UNAVAILABLE. */
  noLeaderTimeoutMs?: number;
}

interface PendingWrite {
  data: Buffer;
  resolve(r: WriteResult): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout | null;
}

interface PendingConf {
  cc: ConfChange;
  resolve(cs: ConfState): void;
  reject(e: Error): void;
}

interface ReadBatch {
  waiters: { resolve(): void; reject(e: Error): void }[];
  index: number | null;
}

/**
 * Test-only: BATON_UNSAFE_BUG=local-reads makes "linearizable" reads answer from this manager's
 * local state without asking the leader (what a follower-read bug would do). Never set it
 * outside the chaos runner's self-test (deploy/chaos: --unsafe-bug local-reads).
 */
const UNSAFE_LOCAL_READS = process.env['BATON_UNSAFE_BUG'] === 'local-reads';

export class Replica implements TransportHandler {
  readonly id: number;
  readonly kv = new KvStore();
  readonly node: RaftNode;
  transport: Transport | null = null;
  confState: ConfState;
  role: RaftRole = 'follower';
  leader = 0;
  private readonly storage: DurableStorage;
  private readonly log: Logger;
  private readonly timing: Timing;
  private readonly snapshotEvery: number;
  private readonly snapshotKeep: number;
  private readonly noLeaderTimeoutMs: number;
  private ticker: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private stopped = false;
  private appliedIndex: number;
  private snapshotIndex: number;
  /** The snapshot being encoded and written in the background, if any. */
  private snapshotting: Promise<void> | null = null;
  /** Keys in the store at the last snapshot (taken or installed) or at start. */
  private snapshotKeys = 0;
  /** Whether a snapshot was taken since this replica started or installed one. */
  private snapshotTaken = false;
  private readonly writes = new Map<string, PendingWrite>();
  private readonly confs: PendingConf[] = [];
  private readQueue: ReadBatch['waiters'] = [];
  private readonly reads = new Map<string, ReadBatch>();
  private readonly waitingApply: { index: number; resolve(): void }[] = [];
  private readSeq = 0;
  private readonly clientId = randomBytes(8).toString('hex');
  private writeSeq = 0;
  private readonly leaderListeners = new Set<(leader: number) => void>();
  private lastLeader = 0;
  /** When a message from each peer last arrived (for "reachable" in error messages). */
  private readonly lastHeard = new Map<number, number>();
  /**
   * Addresses learned outside the replicated state: a manager that just joined knows the members
   * from the join answer before any snapshot tells it.
   */
  readonly addressHints = new Map<number, string>();
  /** Called when this manager applied its own removal from the cluster (or a member says it was removed). */
  onRemoved: (() => void) | null = null;
  /** Called after each Ready cycle (tests and metrics). */
  onApplied: ((index: number) => void) | null = null;

  constructor(opts: ReplicaOptions) {
    this.id = opts.id;
    this.storage = opts.storage;
    this.log = opts.logger;
    this.timing = opts.timing;
    this.snapshotEvery = opts.snapshotEvery ?? 10_000;
    this.snapshotKeep = opts.snapshotKeep ?? 1_000;
    this.noLeaderTimeoutMs = opts.noLeaderTimeoutMs ?? 4 * opts.timing.electionTicks * opts.timing.tickMs;
    const snap = opts.storage.snapshot();
    const meta = snap.metadata!;
    if (meta.index > 0) this.kv.restore(snap.data);
    this.snapshotKeys = this.kv.size();
    this.appliedIndex = meta.index;
    this.snapshotIndex = meta.index;
    this.confState = meta.confState ?? { voters: [], learners: [] };
    this.node = new RaftNode({
      id: opts.id,
      storage: opts.storage,
      electionTicks: opts.timing.electionTicks,
      heartbeatTicks: opts.timing.heartbeatTicks,
      applied: meta.index,
      rand: seededRand(randomBytes(4).readUInt32BE()),
      checkQuorum: true,
      preVote: true,
      logger: {
        debug: () => {},
        info: (msg) => this.log.info({ component: 'raft' }, msg),
        warn: (msg) => this.log.warn({ component: 'raft' }, msg),
      },
    });
  }

  start(transport: Transport): void {
    this.transport = transport;
    this.updatePeers();
    this.ticker = setInterval(() => {
      this.node.tick();
      this.schedule();
    }, this.timing.tickMs);
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    const err = new BatonError('UNAVAILABLE', 'the manager is shutting down');
    for (const w of this.writes.values()) {
      if (w.timer) clearTimeout(w.timer);
      w.reject(err);
    }
    this.writes.clear();
    for (const c of this.confs.splice(0)) c.reject(err);
    for (const w of this.readQueue.splice(0)) w.reject(err);
    for (const b of this.reads.values()) for (const w of b.waiters) w.reject(err);
    this.reads.clear();
    // Let a Ready in progress finish its write.
    for (let i = 0; i < 100 && this.running; i++) await new Promise((r) => setTimeout(r, 10));
  }

  // ------------------------------------------------------------------ transport handler

  onMessage(m: Message): void {
    if (this.stopped) return;
    this.lastHeard.set(m.from, Date.now());
    this.node.step(m);
    if (this.running && m.type === 'MSG_APP_RESP') this.applyCommittedWhileWriting();
    this.schedule();
  }

  onUnreachable(id: number): void {
    if (this.stopped) return;
    this.node.reportUnreachable(id);
    this.schedule();
  }

  /**
   * Member `by` refused our messages because it applied our removal. The leader stops sending to
   * a member once it applied its removal, so a removed follower may never see that entry commit.
   */
  onRemovedFromCluster(by: number): void {
    if (this.stopped) return;
    this.log.warn({ component: 'replica', by }, 'this manager was removed from the cluster (a member refused its messages)');
    setImmediate(() => this.onRemoved?.());
  }

  /**
   * Whether a message from member `id` arrived within the last election timeout (this manager:
   * always). Unlike the core's recentActive, which the leader clears at every quorum check, this
   * does not report a healthy member unreachable until its next answer arrives.
   */
  reachable(id: number): boolean {
    if (id === this.id) return true;
    return Date.now() - (this.lastHeard.get(id) ?? 0) < this.timing.electionTicks * this.timing.tickMs;
  }

  /** Whether member `id` was removed from the cluster (replicated state: survives restarts). */
  isRemoved(id: number): boolean {
    return id !== this.id && this.kv.removedMembers.has(id);
  }

  // ------------------------------------------------------------------ the Ready loop

  private schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    setImmediate(() => {
      this.loop().catch((e: unknown) => {
        // A failed fsync or a bug: nothing can be acknowledged safely any more.
        this.log.fatal({ component: 'replica', err: e }, 'raft loop failed; stopping this manager');
        this.stopped = true;
        process.exitCode = 1;
        this.onRemoved?.();
      });
    });
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        this.startReadBatch();
        while (!this.stopped && this.node.hasReady()) {
          const rd = this.node.ready();
          // A leader sends its appends while it writes them itself (Raft thesis 10.2.1): an entry
          // may commit on the followers' copies, and nothing commits or applies here before the
          // write below is durable, since the next Ready comes only after it. Any other member
          // sends after: its acknowledgements and votes promise what is on disk. The simulator
          // checks both (test/sim: a leader crashes between sending and persisting; members
          // that all send first are caught).
          const leading = this.node.raft.role === 'leader';
          if (leading && rd.messages.length > 0) this.transport?.send(rd.messages);
          // Committed entries already on this disk are applied (and their callers answered) while
          // this Ready's own entries are written, not after: under load every Ready carries both.
          if (rd.snapshot === null && rd.softState === null) this.applyEntries(rd.committedEntries, this.storage.lastIndex());
          await this.storage.persist(rd);
          if (!leading && rd.messages.length > 0) this.transport?.send(rd.messages);
          this.apply(rd);
          this.node.advance(rd);
          this.maybeSnapshot();
        }
      } while (this.again && !this.stopped);
    } finally {
      this.running = false;
    }
  }

  private apply(rd: Ready): void {
    if (rd.softState) this.onSoftState(rd.softState.lead, rd.softState.role);
    if (rd.snapshot) {
      const meta = rd.snapshot.metadata!;
      this.kv.restore(rd.snapshot.data);
      this.confState = meta.confState!;
      this.appliedIndex = meta.index;
      this.snapshotIndex = meta.index;
      this.snapshotKeys = this.kv.size();
      this.snapshotTaken = false;
      this.updatePeers();
      this.log.info({ component: 'replica', index: meta.index }, 'installed snapshot from the leader');
    }
    this.applyEntries(rd.committedEntries, Infinity);
    for (const rs of rd.readStates) {
      const batch = this.reads.get(rs.context.toString());
      if (batch) batch.index = rs.index;
    }
    this.releaseReads();
    this.onApplied?.(this.appliedIndex);
  }

  /**
   * A leader whose Ready loop waits for a write applies (and answers) what a follower's
   * acknowledgement just committed, if it is on this disk already, instead of waiting for that
   * write to complete: under load an acknowledgement arrives during almost every write. Only a
   * leader: its log is its own and never overwritten, so its stored entries up to the commit index
   * are the committed ones (a follower's stored tail may still be replaced by entries it has not
   * written yet). A membership change, and what follows it, is left to the Ready loop: applying
   * one reconfigures the core, which only the loop does.
   */
  private applyCommittedWhileWriting(): void {
    if (this.node.raft.role !== 'leader') return;
    const upTo = Math.min(this.node.raft.log.committed, this.storage.lastIndex());
    if (upTo <= this.appliedIndex) return;
    const ents = this.storage.entries(this.appliedIndex + 1, upTo + 1, Infinity);
    const cc = ents.find((e) => e.type === 'ENTRY_CONF_CHANGE');
    this.applyEntries(ents, cc ? cc.index - 1 : upTo);
    this.releaseReads();
    this.onApplied?.(this.appliedIndex);
  }

  /** Applies the committed entries not applied yet, up to index `upTo`. */
  private applyEntries(entries: readonly Entry[], upTo: number): void {
    for (const e of entries) {
      if (e.index > upTo) return;
      if (e.index <= this.appliedIndex) continue;
      if (e.type === 'ENTRY_CONF_CHANGE') this.applyConfChange(decodeConfChange(e.data));
      else if (e.data.length > 0) this.applyCommand(decode<Command>('baton.v1.Command', e.data));
      this.appliedIndex = e.index;
    }
  }

  private applyCommand(cmd: Command): void {
    const result = this.kv.apply(cmd);
    const rid = cmd.requestId;
    if (!rid) return;
    const key = `${rid.clientId}:${rid.seq}`;
    const w = this.writes.get(key);
    if (!w) return;
    this.writes.delete(key);
    if (w.timer) clearTimeout(w.timer);
    w.resolve(result);
  }

  private applyConfChange(cc: ConfChange): void {
    this.confState = this.node.applyConfChange(cc);
    if (cc.type === 'CONF_CHANGE_REMOVE') {
      this.kv.removeMember(cc.nodeId);
    } else if (cc.context.length > 0) this.kv.setMember(decode<MemberInfo>('baton.v1.MemberInfo', cc.context));
    this.log.info({ component: 'replica', change: cc.type, member: cc.nodeId }, 'membership changed');
    this.updatePeers();
    const i = this.confs.findIndex((p) => p.cc.type === cc.type && p.cc.nodeId === cc.nodeId);
    if (i >= 0) this.confs.splice(i, 1)[0]!.resolve(this.confState);
    if (cc.type === 'CONF_CHANGE_REMOVE' && cc.nodeId === this.id) {
      this.log.warn({ component: 'replica' }, 'this manager was removed from the cluster');
      setImmediate(() => this.onRemoved?.());
    }
  }

  private onSoftState(lead: number, role: RaftRole): void {
    const changed = lead !== this.leader;
    this.leader = lead;
    this.role = role;
    if (lead !== 0) this.lastLeader = lead;
    if (!changed) return;
    this.log.info({ component: 'replica', leader: lead, term: this.node.raft.term, role }, lead === 0 ? 'no leader' : 'leader changed');
    for (const l of this.leaderListeners) l(lead);
    if (lead === 0) return;
    // A new leader: proposals the old one may have dropped go again (the store deduplicates by
    // request id), and reads wait for a fresh confirmation.
    for (const w of this.writes.values()) this.tryPropose(w);
    for (const [ctx, b] of this.reads) {
      if (b.index === null) {
        this.reads.delete(ctx);
        this.readQueue.push(...b.waiters);
      }
    }
  }

  /**
   * Whether this manager's next snapshot is due: after max(snapshotEvery, the number of keys the
   * store held at the last snapshot) applied entries, so that with a large store the cost of
   * snapshots per write stays bounded (a snapshot encodes the whole store). The managers take
   * their first snapshot after a different fraction of that (by their rank among the members), so
   * that they do not all write one at once from then on; the leader, whose pauses every client
   * sees, snapshots at half the rate of the followers (its log in memory grows twice as long).
   */
  private snapshotDue(): boolean {
    let every = Math.max(this.snapshotEvery, this.snapshotKeys);
    if (this.role === 'leader') every *= 2;
    if (!this.snapshotTaken) {
      const members = [...this.confState.voters, ...this.confState.learners].sort((a, b) => a - b);
      const rank = Math.max(0, members.indexOf(this.id));
      every = Math.ceil((every * (rank + 1)) / Math.max(1, members.length));
    }
    return this.appliedIndex - this.snapshotIndex >= every;
  }

  /**
   * Starts a snapshot of the store at the applied index if one is due. The store is frozen at once
   * (references only); encoding it is spread over event-loop turns and the write goes through
   * the storage's queue, so the Ready loop and the API go on meanwhile.
   */
  private maybeSnapshot(): void {
    if (this.snapshotting !== null || !this.snapshotDue()) return;
    const index = this.appliedIndex;
    const confState = this.confState;
    const t0 = performance.now();
    const frozen = this.kv.freeze();
    const frozenMs = performance.now() - t0;
    this.snapshotTaken = true;
    this.snapshotting = (async () => {
      const data = await encodeSnapshot(frozen, () => new Promise<void>((r) => setImmediate(r)));
      const encodedMs = performance.now() - t0;
      if (this.stopped) return;
      await this.storage.createSnapshot(index, confState, data, this.snapshotKeep);
      if (index > this.snapshotIndex) {
        this.snapshotIndex = index;
        this.snapshotKeys = frozen.kvs.length;
      }
      const ms = (x: number) => Math.round(x * 10) / 10;
      this.log.info(
        { component: 'replica', index, keys: frozen.kvs.length, bytes: data.length, freezeMs: ms(frozenMs), encodedMs: ms(encodedMs), totalMs: ms(performance.now() - t0) },
        'snapshot taken, log compacted',
      );
    })()
      .catch((e: unknown) => {
        if (!this.stopped) this.log.warn({ component: 'replica', index, err: e }, 'snapshot failed (it will be tried again)');
      })
      .finally(() => {
        this.snapshotting = null;
      });
  }

  private updatePeers(): void {
    if (!this.transport) return;
    const peers = new Map<number, string>();
    const ids = new Set([...this.confState.voters, ...this.confState.learners]);
    // Until the configuration arrives, talk to the members the join answer named.
    if (ids.size === 0) for (const id of this.addressHints.keys()) ids.add(id);
    for (const id of ids) {
      const address = this.kv.members.get(id)?.address ?? this.addressHints.get(id);
      if (id !== this.id && address) peers.set(id, address);
    }
    this.transport.setPeers(peers);
  }

  // ------------------------------------------------------------------ writes

  /** Proposes a write and resolves with its result once applied here. */
  write(cmd: Omit<Command, 'requestId'> & { requestId: Command['requestId'] }): Promise<WriteResult> {
    if (this.stopped) return Promise.reject(new BatonError('UNAVAILABLE', 'the manager is shutting down'));
    const rid = cmd.requestId?.clientId ? cmd.requestId : { clientId: this.clientId, seq: ++this.writeSeq };
    const key = `${rid.clientId}:${rid.seq}`;
    const existing = this.writes.get(key);
    if (existing) {
      return new Promise((resolve, reject) => {
        const prev = { resolve: existing.resolve, reject: existing.reject };
        existing.resolve = (r) => (prev.resolve(r), resolve(r));
        existing.reject = (e) => (prev.reject(e), reject(e));
      });
    }
    const data = Buffer.from(encode('baton.v1.Command', { ...cmd, requestId: rid }));
    return new Promise((resolve, reject) => {
      const w: PendingWrite = { data, resolve, reject, timer: null };
      this.writes.set(key, w);
      if (!this.tryPropose(w)) {
        // No leader right now: fail fast rather than hold the caller.
        this.writes.delete(key);
        reject(this.unavailable());
      }
    });
  }

  private tryPropose(w: PendingWrite): boolean {
    try {
      this.node.propose(w.data);
    } catch (e) {
      if (e instanceof ProposalDroppedError) return false;
      throw e;
    }
    if (w.timer) clearTimeout(w.timer);
    // If no new leader shows up in time, give up with UNAVAILABLE (the write may still apply).
    w.timer = setTimeout(() => {
      for (const [k, v] of this.writes) {
        if (v === w) {
          this.writes.delete(k);
          w.reject(new BatonError('UNAVAILABLE', `the write was not committed within ${this.noLeaderTimeoutMs} ms (it may still be applied): ${this.describeLeadership()}`));
        }
      }
    }, this.noLeaderTimeoutMs);
    w.timer.unref();
    this.schedule();
    return true;
  }

  // ------------------------------------------------------------------ reads

  /** Resolves once this replica's state is linearizable (ReadIndex): read the KvStore then. */
  linearizable(): Promise<void> {
    if (this.stopped) return Promise.reject(new BatonError('UNAVAILABLE', 'the manager is shutting down'));
    // A deliberately broken build, for proving that the chaos checkers catch stale reads.
    if (UNSAFE_LOCAL_READS) return Promise.resolve();
    if (this.leader === 0) return Promise.reject(this.unavailable());
    return new Promise((resolve, reject) => {
      this.readQueue.push({ resolve, reject });
      this.schedule();
    });
  }

  private startReadBatch(): void {
    if (this.readQueue.length === 0) return;
    const waiters = this.readQueue;
    this.readQueue = [];
    const ctx = `${this.id}:${++this.readSeq}`;
    try {
      this.node.readIndex(Buffer.from(ctx));
    } catch (e) {
      if (!(e instanceof ProposalDroppedError)) throw e;
      for (const w of waiters) w.reject(this.unavailable());
      return;
    }
    const batch: ReadBatch = { waiters, index: null };
    this.reads.set(ctx, batch);
    // A read request lost with its leader is retried when a new leader appears; without one the
    // caller hears UNAVAILABLE after the timeout.
    setTimeout(() => {
      if (this.reads.get(ctx) !== batch) return;
      this.reads.delete(ctx);
      for (const w of batch.waiters) w.reject(new BatonError('UNAVAILABLE', `the read could not be confirmed by a majority: ${this.describeLeadership()}`));
    }, this.noLeaderTimeoutMs).unref();
  }

  private releaseReads(): void {
    for (const [ctx, b] of this.reads) {
      if (b.index !== null && b.index <= this.appliedIndex) {
        this.reads.delete(ctx);
        for (const w of b.waiters) w.resolve();
      }
    }
    while (this.waitingApply.length > 0 && this.waitingApply[0]!.index <= this.appliedIndex) this.waitingApply.shift()!.resolve();
  }

  // ------------------------------------------------------------------ membership

  /** Proposes a configuration change (leader only) and resolves once it is applied here. */
  changeMembership(type: ConfChangeType, nodeId: number, member?: MemberInfo): Promise<ConfState> {
    const cc: ConfChange = {
      type,
      nodeId,
      context: member ? Buffer.from(encode('baton.v1.MemberInfo', member)) : Buffer.alloc(0),
    };
    return new Promise((resolve, reject) => {
      try {
        this.node.proposeConfChange(cc);
      } catch (e) {
        if (e instanceof ProposalDroppedError) {
          reject(new BatonError('FAILED_PRECONDITION', e.reason));
          return;
        }
        throw e;
      }
      const p: PendingConf = { cc, resolve, reject };
      this.confs.push(p);
      this.schedule();
      setTimeout(() => {
        const i = this.confs.indexOf(p);
        if (i < 0) return;
        this.confs.splice(i, 1);
        reject(new BatonError('UNAVAILABLE', `the membership change was not applied within ${this.noLeaderTimeoutMs} ms: ${this.describeLeadership()}`));
      }, this.noLeaderTimeoutMs).unref();
    });
  }

  /** Hands leadership to `to` and resolves once `to` leads (as seen here). */
  transferLeadership(to: number): Promise<void> {
    if (this.role !== 'leader') return Promise.reject(new BatonError('FAILED_PRECONDITION', `this manager is not the leader: ${this.describeLeadership()}`));
    if (!this.confState.voters.includes(to)) return Promise.reject(new BatonError('INVALID_ARGUMENT', `to: ${to} is not a voting manager`));
    return new Promise((resolve, reject) => {
      const timeoutMs = 2 * this.timing.electionTicks * this.timing.tickMs;
      const timer = setTimeout(() => {
        this.leaderListeners.delete(listener);
        reject(new BatonError('UNAVAILABLE', `leadership did not move to ${to} within ${timeoutMs} ms: ${this.describeLeadership()}`));
      }, timeoutMs);
      const listener = (lead: number) => {
        if (lead !== to) return;
        clearTimeout(timer);
        this.leaderListeners.delete(listener);
        resolve();
      };
      this.leaderListeners.add(listener);
      this.node.transferLeadership(to);
      this.schedule();
    });
  }

  /** Resolves when a leader is known (or rejects after timeoutMs). */
  /** Calls l with the new leader id (0: none) on every change; returns the unsubscribe function. */
  onLeaderChange(l: (leader: number) => void): () => void {
    this.leaderListeners.add(l);
    return () => this.leaderListeners.delete(l);
  }

  waitForLeader(timeoutMs: number): Promise<number> {
    if (this.leader !== 0) return Promise.resolve(this.leader);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.leaderListeners.delete(listener);
        reject(this.unavailable());
      }, timeoutMs);
      const listener = (lead: number) => {
        if (lead === 0) return;
        clearTimeout(timer);
        this.leaderListeners.delete(listener);
        resolve(lead);
      };
      this.leaderListeners.add(listener);
    });
  }

  /** Resolves once this replica applied up to `index`. */
  waitApplied(index: number): Promise<void> {
    if (index <= this.appliedIndex) return Promise.resolve();
    return new Promise((resolve) => {
      this.waitingApply.push({ index, resolve });
      this.waitingApply.sort((a, b) => a.index - b.index);
    });
  }

  // ------------------------------------------------------------------ status

  memberAddress(id: number): string | null {
    return this.kv.members.get(id)?.address ?? this.addressHints.get(id) ?? null;
  }

  describeLeadership(): string {
    const raft = this.node.raft;
    const window = 2 * this.timing.electionTicks * this.timing.tickMs;
    const now = Date.now();
    const members = [...this.confState.voters, ...this.confState.learners]
      .map((id) => {
        const reachable = id === this.id || now - (this.lastHeard.get(id) ?? 0) < window;
        return `${id}@${this.memberAddress(id) ?? '?'}${reachable ? '' : ' (unreachable)'}`;
      })
      .join(', ');
    if (this.leader !== 0) return `leader is ${this.leader} at ${this.memberAddress(this.leader) ?? '?'} (term ${raft.term}); members: ${members}`;
    return `no leader at term ${raft.term} (last known leader: ${this.lastLeaderHint()}); members: ${members}`;
  }

  private lastLeaderHint(): string {
    const v = this.lastLeader;
    return v === 0 ? 'none' : `${v} at ${this.memberAddress(v) ?? '?'}`;
  }

  unavailable(): BatonError {
    return new BatonError('UNAVAILABLE', `no leader: ${this.describeLeadership()}`);
  }

  applied(): number {
    return this.appliedIndex;
  }

  snapshotAt(): number {
    return this.snapshotIndex;
  }
}
