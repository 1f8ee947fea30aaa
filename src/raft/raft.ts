// The Raft state machine: deterministic and synchronous. Inputs are tick() and step(message);
// outputs are the fields the RaftNode wrapper collects into a Ready (messages to send, entries and
// hard state to persist, committed entries to apply). No timers, I/O, clock or global randomness.
//
// Structure follows the Raft paper and etcd's raft: one step function per role, a Progress per
// follower on the leader, pre-vote and check-quorum to keep partitioned nodes from disrupting a
// healthy leader, ReadIndex for linearizable reads, leadership transfer via TimeoutNow, chunked
// snapshots, and single-server membership changes with learners.
import { type ResolvedConfig, type RaftConfig, resolveConfig } from './config.js';
import { RaftLog } from './log.js';
import { Progress } from './progress.js';
import { committedIndex, hasQuorum, voteResult } from './quorum.js';
import { ReadOnly } from './read_only.js';
import { CompactedError, UnavailableError } from './storage.js';
import { decodeConfChange } from './codec.js';
import {
  type ConfChange,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type MessageType,
  NONE,
  type RaftRole,
  type ReadState,
  type Snapshot,
  entriesSizeBytes,
  entry,
  message,
} from './types.js';

/** Why a proposal was not accepted; `leader` is the known leader (0 if none). */
export class ProposalDroppedError extends Error {
  constructor(
    readonly reason: string,
    readonly leader: number,
  ) {
    super(leader === NONE ? `proposal dropped: ${reason}; no leader is known` : `proposal dropped: ${reason}; leader is ${leader}`);
  }
}

const CAMPAIGN_TRANSFER = Buffer.from('transfer');

export class Raft {
  readonly id: number;
  readonly cfg: ResolvedConfig;
  readonly log: RaftLog;

  term = 0;
  vote = NONE;
  lead = NONE;
  role: RaftRole = 'follower';

  /** Members and the leader's view of their logs (every node tracks membership here). */
  progress = new Map<number, Progress>();
  votes = new Map<number, boolean>();
  /** Messages to send once the current Ready is persisted. */
  msgs: Message[] = [];
  readStates: ReadState[] = [];

  /** Leader: a transfer of leadership to this node is under way. */
  leadTransferee = NONE;
  /** Leader: index of the last proposed configuration change; no new one until it is applied. */
  pendingConfIndex = 0;
  private readonly readOnly = new ReadOnly();
  /** Leader: ReadIndex requests waiting for the first commit of this term. */
  private pendingReadIndexMessages: Message[] = [];

  electionElapsed = 0;
  private heartbeatElapsed = 0;
  /** Leader: ticks since a transfer of leadership began (abandoned after an election timeout). */
  private transferElapsed = 0;
  /** Ticks since this node started; only differences matter (leader lease). */
  private ticks = 0;
  /** Leader: it sent TimeoutNow in this term, so its lease can no longer be trusted. */
  private leaseRevoked = false;
  /** Leader: proposals were appended and not yet sent (see flushProposals). */
  private proposalsPending = false;
  private randomizedElectionTimeout = 0;

  /** Follower: chunks of a snapshot being received. */
  private incomingSnapshot: { index: number; term: number; received: number; total: number; parts: Buffer[] } | null = null;

  /** Terms in which this node was leader (for the simulator's "one leader per term" check). */
  onBecomeLeader: ((term: number) => void) | null = null;

  constructor(config: RaftConfig) {
    this.cfg = resolveConfig(config);
    this.id = this.cfg.id;
    this.log = new RaftLog(this.cfg.storage);
    const { hardState, confState } = this.cfg.storage.initialState();
    this.applyConfState(confState);
    if (hardState.term !== 0 || hardState.vote !== NONE || hardState.commit !== 0) this.loadHardState(hardState);
    if (this.cfg.applied !== undefined && this.cfg.applied > 0) this.log.appliedTo(this.cfg.applied);
    this.becomeFollower(this.term, NONE);
  }

  // ---------------------------------------------------------------- membership helpers

  voters(): number[] {
    const out: number[] = [];
    for (const [id, pr] of this.progress) if (!pr.isLearner) out.push(id);
    return out.sort((a, b) => a - b);
  }

  learners(): number[] {
    const out: number[] = [];
    for (const [id, pr] of this.progress) if (pr.isLearner) out.push(id);
    return out.sort((a, b) => a - b);
  }

  confState(): ConfState {
    return { voters: this.voters(), learners: this.learners() };
  }

  /** A voter of the current configuration (learners and removed nodes never campaign). */
  promotable(): boolean {
    const pr = this.progress.get(this.id);
    return pr !== undefined && !pr.isLearner;
  }

  private applyConfState(cs: ConfState): void {
    this.progress.clear();
    const next = this.log.lastIndex() + 1;
    for (const id of cs.voters) this.progress.set(id, this.newProgress(next, false));
    for (const id of cs.learners) this.progress.set(id, this.newProgress(next, true));
  }

  private newProgress(next: number, isLearner: boolean): Progress {
    return new Progress(next, this.cfg.maxInflightAppends, this.cfg.maxInflightBytes, isLearner);
  }

  private loadHardState(hs: HardState): void {
    if (hs.commit > this.log.lastIndex()) {
      throw new Error(`hard state commit ${hs.commit} is beyond the last index ${this.log.lastIndex()}`);
    }
    // The commit index is persisted without a sync when it is the only change, so after a crash it
    // may lag behind a snapshot (which is always synced): the snapshot's index is committed too.
    this.log.committed = Math.max(hs.commit, this.log.committed);
    this.term = hs.term;
    this.vote = hs.vote;
  }

  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed };
  }

  // ---------------------------------------------------------------- sending

  private send(m: Message): void {
    // Forwarded messages keep their origin (a transfer request names the transferee in `from`).
    if (m.from === NONE) m.from = this.id;
    if (m.type === 'MSG_VOTE' || m.type === 'MSG_VOTE_RESP' || m.type === 'MSG_PRE_VOTE' || m.type === 'MSG_PRE_VOTE_RESP') {
      // Vote messages carry their term explicitly (a pre-vote asks for a term not yet held).
      if (m.term === 0) throw new Error(`${m.type} must carry a term`);
    } else if (m.type !== 'MSG_PROP' && m.type !== 'MSG_READ_INDEX') {
      // Proposals and read requests forwarded to the leader are term-less, like local messages.
      m.term = this.term;
    }
    this.msgs.push(m);
  }

  /** Sends an append (or a snapshot) to `to` if flow control allows. Returns whether it sent. */
  private maybeSendAppend(to: number, sendIfEmpty: boolean): boolean {
    const pr = this.progress.get(to);
    if (!pr || pr.isPaused()) return false;
    const prevIndex = pr.next - 1;
    let prevTerm: number;
    let ents: Entry[];
    try {
      prevTerm = this.log.term(prevIndex);
      ents = this.log.entries(pr.next, this.cfg.maxAppendBytes);
    } catch (e) {
      if (!(e instanceof CompactedError)) throw e;
      // The entries the follower needs were compacted: it needs a snapshot.
      if (!pr.recentActive) return false;
      this.startSnapshot(to, pr);
      return true;
    }
    if (ents.length === 0 && !sendIfEmpty) return false;
    this.send(message({ type: 'MSG_APP', to, index: prevIndex, logTerm: prevTerm, entries: ents, commit: this.log.committed }));
    if (ents.length > 0) {
      const last = ents[ents.length - 1]!.index;
      if (pr.state === 'replicate') {
        pr.optimisticUpdate(last);
        pr.inflights.add(last, entriesSizeBytes(ents));
      } else if (pr.state === 'probe') {
        pr.probeSent = true;
      }
    } else if (pr.state === 'probe') {
      pr.probeSent = true;
    }
    return true;
  }

  private sendAppend(to: number): void {
    this.maybeSendAppend(to, true);
  }

  private startSnapshot(to: number, pr: Progress): void {
    const snap = this.log.snapshot();
    if (snap.metadata!.index === 0) throw new Error('need a snapshot to send but none exists');
    this.cfg.logger?.debug(`${this.id} sends snapshot at ${snap.metadata!.index} to ${to}`);
    pr.becomeSnapshot(snap);
    this.sendSnapshotChunks(to, pr);
  }

  /**
   * Sends snapshot chunks from sentBytes on, keeping at most maxInflightAppends chunks
   * unacknowledged. An empty snapshot is sent as one empty chunk.
   */
  private sendSnapshotChunks(to: number, pr: Progress): void {
    const t = pr.snapshotTransfer!;
    const data = t.snapshot.data;
    const chunk = this.cfg.snapshotChunkBytes;
    const window = chunk * this.cfg.maxInflightAppends;
    do {
      const offset = t.sentBytes;
      if (offset > 0 && offset >= data.length) return;
      if (offset - t.ackedBytes >= window) return;
      const end = Math.min(offset + chunk, data.length);
      this.send(
        message({
          type: 'MSG_SNAP',
          to,
          snapshot: { metadata: t.snapshot.metadata, offset, totalBytes: data.length, data: data.subarray(offset, end) },
        }),
      );
      t.sentBytes = Math.max(end, 1); // (1 marks the empty snapshot's one chunk as sent)
    } while (t.sentBytes < data.length);
  }

  private bcastAppend(): void {
    for (const id of this.progress.keys()) if (id !== this.id) this.sendAppend(id);
  }

  private bcastHeartbeat(ctx: Buffer | null = this.readOnly.lastPendingKey()): void {
    for (const [id, pr] of this.progress) {
      if (id === this.id) continue;
      // A follower must not commit past what it is known to hold.
      const commit = Math.min(pr.match, this.log.committed);
      // `index` carries the leader's tick count; the answer echoes it (leader lease).
      this.send(message({ type: 'MSG_HEARTBEAT', to: id, commit, index: this.ticks, context: ctx ?? Buffer.alloc(0) }));
    }
  }

  /** Appends proposed since the last Ready go out together: one append per follower, not per proposal. */
  flushProposals(): void {
    if (!this.proposalsPending) return;
    this.proposalsPending = false;
    if (this.role === 'leader') this.bcastAppend();
  }

  // ---------------------------------------------------------------- role transitions

  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.randomizedElectionTimeout = this.cfg.electionTicks + this.cfg.rand.int(this.cfg.electionTicks);
    this.leadTransferee = NONE;
    this.transferElapsed = 0;
    this.leaseRevoked = false;
    this.proposalsPending = false;
    this.votes.clear();
    const next = this.log.lastIndex() + 1;
    for (const [id, old] of this.progress) {
      const pr = this.newProgress(next, old.isLearner);
      if (id === this.id) pr.match = this.log.lastIndex();
      this.progress.set(id, pr);
    }
    this.pendingConfIndex = 0;
    this.readOnly.reset();
    this.pendingReadIndexMessages = [];
  }

  becomeFollower(term: number, lead: number): void {
    this.reset(term);
    this.lead = lead;
    this.role = 'follower';
  }

  private becomePreCandidate(): void {
    if (this.role === 'leader') throw new Error('a leader cannot become pre-candidate');
    // Neither the term nor the vote changes: a pre-vote must not disrupt anyone.
    this.votes.clear();
    this.lead = NONE;
    this.role = 'pre-candidate';
  }

  private becomeCandidate(): void {
    if (this.role === 'leader') throw new Error('a leader cannot become candidate');
    this.reset(this.term + 1);
    this.vote = this.id;
    this.role = 'candidate';
  }

  private becomeLeader(): void {
    if (this.role === 'follower') throw new Error('a follower cannot become leader directly');
    this.reset(this.term);
    this.lead = this.id;
    this.role = 'leader';
    const self = this.progress.get(this.id)!;
    self.becomeReplicate();
    self.recentActive = true;
    // No configuration change until everything of earlier terms is applied: this also makes the
    // leader commit an entry of its own term before changing membership (single-server changes).
    this.pendingConfIndex = this.log.lastIndex();
    // The no-op entry lets the leader commit (and learn the commit index of) earlier entries.
    this.appendEntries([entry(0, 0)]);
    this.onBecomeLeader?.(this.term);
    this.cfg.logger?.info(`${this.id} became leader at term ${this.term}`);
  }

  private appendEntries(ents: Entry[]): void {
    const li = this.log.lastIndex();
    for (let i = 0; i < ents.length; i++) {
      ents[i] = { ...ents[i]!, term: this.term, index: li + 1 + i };
    }
    const last = this.log.append(ents);
    this.progress.get(this.id)!.maybeUpdate(last);
    this.maybeCommit();
  }

  /** Leader: advances the commit index to what a majority holds (current-term entries only). */
  private maybeCommit(): boolean {
    const mci = committedIndex(this.voters(), (id) => this.progress.get(id)!.match);
    if (this.cfg.testingBugs.commitPreviousTerm) {
      // BUG (test only): counting replicas of a previous-term entry (Raft paper, Figure 8).
      if (mci > this.log.committed && mci <= this.log.lastIndex()) {
        this.log.commitTo(mci);
        return true;
      }
      return false;
    }
    return this.log.maybeCommit(mci, this.term);
  }

  private committedEntryInCurrentTerm(): boolean {
    return this.log.zeroTermOnOutOfBounds(this.log.committed) === this.term;
  }

  // ---------------------------------------------------------------- elections

  private campaign(kind: 'pre' | 'election' | 'transfer'): void {
    let voteType: MessageType;
    let term: number;
    if (kind === 'pre') {
      this.becomePreCandidate();
      voteType = 'MSG_PRE_VOTE';
      term = this.term + 1; // the term we would campaign in
    } else {
      this.becomeCandidate();
      voteType = 'MSG_VOTE';
      term = this.term;
    }
    if (this.poll(this.id, true) === 'won') {
      // A single-voter cluster wins at once.
      if (kind === 'pre') this.campaign('election');
      else this.becomeLeader();
      return;
    }
    for (const id of this.voters()) {
      if (id === this.id) continue;
      this.send(
        message({
          type: voteType,
          to: id,
          term,
          index: this.log.lastIndex(),
          logTerm: this.log.lastTerm(),
          context: kind === 'transfer' ? CAMPAIGN_TRANSFER : Buffer.alloc(0),
        }),
      );
    }
  }

  private poll(id: number, granted: boolean): 'pending' | 'won' | 'lost' {
    if (!this.votes.has(id)) this.votes.set(id, granted);
    return voteResult(this.voters(), this.votes);
  }

  /** Committed configuration changes that are not yet applied forbid campaigning. */
  private hasUnappliedConfChanges(): boolean {
    if (this.log.applied >= this.log.committed) return false;
    let ents: Entry[];
    try {
      ents = this.log.slice(this.log.applied + 1, this.log.committed + 1, Number.MAX_SAFE_INTEGER);
    } catch {
      return false;
    }
    return ents.some((e) => e.type === 'ENTRY_CONF_CHANGE');
  }

  private hup(kind: 'pre' | 'election' | 'transfer'): void {
    if (this.role === 'leader') return;
    if (!this.promotable()) return;
    if (this.hasUnappliedConfChanges()) {
      this.cfg.logger?.debug(`${this.id} cannot campaign: configuration changes are committed but not applied`);
      return;
    }
    this.campaign(kind);
  }

  // ---------------------------------------------------------------- ticks

  tick(): void {
    this.ticks++;
    if (this.role === 'leader') this.tickHeartbeat();
    else this.tickElection();
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.step(message({ type: 'MSG_HUP', from: this.id }));
    }
  }

  private tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.cfg.electionTicks) {
      this.electionElapsed = 0;
      if (this.cfg.checkQuorum) this.step(message({ type: 'MSG_CHECK_QUORUM', from: this.id }));
    }
    if (this.role === 'leader' && this.leadTransferee !== NONE && ++this.transferElapsed >= this.cfg.electionTicks) {
      // A transfer that did not finish within an election timeout is abandoned.
      this.leadTransferee = NONE;
    }
    if (this.role !== 'leader') return;
    if (this.heartbeatElapsed >= this.cfg.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      this.step(message({ type: 'MSG_BEAT', from: this.id }));
    }
  }

  // ---------------------------------------------------------------- step

  /**
   * Feeds one message to the state machine. Returns null, or the reason a proposal or request
   * was dropped.
   */
  step(m: Message): string | null {
    if (m.term === 0) {
      // local message, or a proposal / read request forwarded by a follower
    } else if (m.term > this.term) {
      if (m.type === 'MSG_VOTE' || m.type === 'MSG_PRE_VOTE') {
        const force = m.context.equals(CAMPAIGN_TRANSFER);
        const inLease = this.cfg.checkQuorum && this.lead !== NONE && this.electionElapsed < this.cfg.electionTicks;
        if (!force && inLease) {
          // We heard from a leader within the election timeout: this candidate cannot win, and
          // answering would disrupt the cluster (check-quorum's lease).
          return null;
        }
      }
      if (m.type === 'MSG_PRE_VOTE') {
        // A pre-vote never changes our term.
      } else if (m.type === 'MSG_PRE_VOTE_RESP' && !m.reject) {
        // A granted pre-vote carries the term we would campaign in; we raise it when we win.
      } else if (m.type === 'MSG_APP' || m.type === 'MSG_HEARTBEAT' || m.type === 'MSG_SNAP') {
        this.becomeFollower(m.term, m.from);
      } else {
        this.becomeFollower(m.term, NONE);
      }
    } else if (m.term < this.term) {
      if ((this.cfg.checkQuorum || this.cfg.preVote) && (m.type === 'MSG_HEARTBEAT' || m.type === 'MSG_APP')) {
        // A stale leader (partitioned, now back): tell it about the newer term so it steps down.
        // Without this, pre-vote/check-quorum could leave it and us both stuck.
        this.send(message({ type: 'MSG_APP_RESP', to: m.from }));
      } else if (m.type === 'MSG_PRE_VOTE') {
        this.send(message({ type: 'MSG_PRE_VOTE_RESP', to: m.from, term: this.term, reject: true }));
      }
      return null;
    }

    switch (m.type) {
      case 'MSG_HUP':
        this.hup(this.cfg.preVote ? 'pre' : 'election');
        return null;
      case 'MSG_VOTE':
      case 'MSG_PRE_VOTE':
        this.handleVoteRequest(m);
        return null;
    }
    switch (this.role) {
      case 'leader':
        return this.stepLeader(m);
      case 'candidate':
      case 'pre-candidate':
        return this.stepCandidate(m);
      case 'follower':
        return this.stepFollower(m);
    }
  }

  private handleVoteRequest(m: Message): void {
    const canVote =
      this.vote === m.from ||
      (this.vote === NONE && this.lead === NONE) ||
      (m.type === 'MSG_PRE_VOTE' && m.term > this.term);
    const upToDate = this.cfg.testingBugs.voteWithoutLogCheck || this.log.isUpToDate(m.index, m.logTerm);
    const respType: MessageType = m.type === 'MSG_VOTE' ? 'MSG_VOTE_RESP' : 'MSG_PRE_VOTE_RESP';
    if (canVote && upToDate) {
      // The response carries the candidate's term (for a pre-vote, the term it would run in).
      this.send(message({ type: respType, to: m.from, term: m.term }));
      if (m.type === 'MSG_VOTE') {
        // The vote is part of the hard state handed out in the next Ready; the shell persists it
        // before any message (this response included) leaves.
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.send(message({ type: respType, to: m.from, term: this.term, reject: true }));
    }
  }

  private stepLeader(m: Message): string | null {
    switch (m.type) {
      case 'MSG_BEAT':
        this.bcastHeartbeat();
        return null;
      case 'MSG_CHECK_QUORUM':
        if (!hasQuorum(this.voters(), (id) => id === this.id || this.progress.get(id)!.recentActive)) {
          this.cfg.logger?.warn(`${this.id} steps down at term ${this.term}: no contact with a majority`);
          this.becomeFollower(this.term, NONE);
        }
        for (const [id, pr] of this.progress) if (id !== this.id) pr.recentActive = false;
        return null;
      case 'MSG_PROP':
        return this.leaderPropose(m);
      case 'MSG_READ_INDEX':
        return this.leaderReadIndex(m);
    }

    const pr = this.progress.get(m.from);
    if (!pr) return null;
    switch (m.type) {
      case 'MSG_APP_RESP':
        this.handleAppendResponse(m, pr);
        return null;
      case 'MSG_HEARTBEAT_RESP':
        this.handleHeartbeatResponse(m, pr);
        return null;
      case 'MSG_SNAP_RESP':
        this.handleSnapshotResponse(m, pr);
        return null;
      case 'MSG_UNREACHABLE':
        // The transport failed: fall back to probing so we do not pipeline into the void.
        if (pr.state === 'replicate') pr.becomeProbe();
        return null;
      case 'MSG_TRANSFER_LEADER':
        this.handleTransferLeader(m, pr);
        return null;
    }
    return null;
  }

  private leaderPropose(m: Message): string | null {
    if (m.entries.length === 0) throw new Error('empty proposal');
    if (!this.progress.has(this.id)) return 'this node was removed from the cluster';
    if (this.leadTransferee !== NONE) return `leadership is being transferred to ${this.leadTransferee}`;
    for (let i = 0; i < m.entries.length; i++) {
      const e = m.entries[i]!;
      if (e.type !== 'ENTRY_CONF_CHANGE') continue;
      if (this.pendingConfIndex > this.log.applied) {
        return 'a configuration change is already in progress';
      }
      const refused = this.checkConfChange(decodeConfChange(e.data));
      if (refused !== null) return refused;
      this.pendingConfIndex = this.log.lastIndex() + i + 1;
    }
    this.appendEntries(m.entries.map((e) => ({ ...e })));
    this.proposalsPending = true;
    return null;
  }

  private leaderReadIndex(m: Message): string | null {
    if (this.voters().length === 1 && this.promotable()) {
      this.respondToReadIndex(m, this.log.committed);
      return null;
    }
    if (!this.committedEntryInCurrentTerm()) {
      // The commit index of a new leader is not known until its no-op commits.
      this.pendingReadIndexMessages.push(m);
      return null;
    }
    this.serveReadIndex(m);
    return null;
  }

  private serveReadIndex(m: Message): void {
    if (this.cfg.readOnly === 'lease' && this.leaseValid()) {
      this.respondToReadIndex(m, this.log.committed);
      return;
    }
    const key = this.readOnly.addRequest(this.log.committed, m);
    this.readOnly.recvAck(this.id, key);
    this.bcastHeartbeat(key);
  }

  /**
   * The leader lease: a majority acknowledged a heartbeat sent less than an election timeout ago
   * (minus one heartbeat interval of margin for clock drift). Each of those followers reset its
   * election timer when the heartbeat arrived, after it was sent, so none of them votes for another
   * candidate before the lease ends, unless leadership is being handed over (TimeoutNow).
   */
  private leaseValid(): boolean {
    if (this.leaseRevoked) return false;
    const since = this.ticks - (this.cfg.electionTicks - this.cfg.heartbeatTicks);
    return hasQuorum(this.voters(), (id) => id === this.id || this.progress.get(id)!.lastHeartbeatAcked > since);
  }

  private respondToReadIndex(req: Message, index: number): void {
    if (req.from === NONE || req.from === this.id) {
      this.readStates.push({ index, context: req.context });
    } else {
      this.send(message({ type: 'MSG_READ_INDEX_RESP', to: req.from, index, context: req.context }));
    }
  }

  private releasePendingReadIndexMessages(): void {
    if (this.pendingReadIndexMessages.length === 0 || !this.committedEntryInCurrentTerm()) return;
    const msgs = this.pendingReadIndexMessages;
    this.pendingReadIndexMessages = [];
    for (const m of msgs) this.serveReadIndex(m);
  }

  private handleAppendResponse(m: Message, pr: Progress): void {
    pr.recentActive = true;
    if (m.reject) {
      // Fast back-off: jump to the follower's hint, refined by our own log's terms.
      let next = m.rejectHint;
      if (m.logTerm > 0) next = this.log.findConflictByTerm(m.rejectHint, m.logTerm).index;
      if (pr.maybeDecrTo(m.index, next)) {
        if (pr.state === 'replicate') pr.becomeProbe();
        this.sendAppend(m.from);
      }
      return;
    }
    const oldPaused = pr.isPaused();
    const updated = pr.maybeUpdate(m.index);
    if (pr.state === 'snapshot' && pr.match >= pr.pendingSnapshot) {
      // The snapshot is installed (or turned out not to be needed): resume with appends. If the
      // log was compacted past the follower again meanwhile, the next append starts a newer snapshot.
      pr.becomeProbe();
      if (pr.match + 1 >= this.log.firstIndex()) pr.becomeReplicate();
    } else if (updated || (pr.match === m.index && pr.state === 'probe')) {
      if (pr.state === 'probe') pr.becomeReplicate();
      else if (pr.state === 'replicate') pr.inflights.freeLE(m.index);
    } else {
      return; // old news: a duplicate or reordered response
    }
    if (this.maybeCommit()) {
      this.releasePendingReadIndexMessages();
      this.bcastAppend();
    } else if (oldPaused) {
      this.sendAppend(m.from);
    }
    // Keep the pipe full while flow control allows.
    for (let i = 0; i < this.cfg.maxInflightAppends && this.maybeSendAppend(m.from, false); i++);
    if (m.from === this.leadTransferee && pr.match === this.log.lastIndex()) this.sendTimeoutNow(m.from);
  }

  private handleHeartbeatResponse(m: Message, pr: Progress): void {
    pr.recentActive = true;
    pr.probeSent = false;
    if (m.index > pr.lastHeartbeatAcked) pr.lastHeartbeatAcked = m.index;
    if (pr.state === 'replicate' && pr.inflights.full()) pr.inflights.freeFirstOne();
    if (pr.state === 'snapshot') {
      const t = pr.snapshotTransfer!;
      if (t.ackedBytes < t.snapshot.data.length) {
        // No progress since the previous heartbeat answer: chunks were lost (or rejected), so send
        // again from the last acknowledged byte. This is the transfer's only retry timer.
        if (t.ackedBytes === t.ackedAtLastHeartbeat) {
          t.sentBytes = t.ackedBytes;
          this.sendSnapshotChunks(m.from, pr);
        }
        t.ackedAtLastHeartbeat = t.ackedBytes;
      } else {
        // Every chunk was acknowledged but the final answer got lost: find out where it stands.
        pr.becomeProbe();
        this.sendAppend(m.from);
      }
    } else if (pr.match < this.log.lastIndex()) {
      this.sendAppend(m.from);
    }
    if (m.context.length === 0) return;
    const acks = this.readOnly.recvAck(m.from, m.context);
    if (!acks || !hasQuorum(this.voters(), (id) => acks.has(id))) return;
    for (const rs of this.readOnly.advance(m.context)) this.respondToReadIndex(rs.request, rs.index);
  }

  private handleSnapshotResponse(m: Message, pr: Progress): void {
    pr.recentActive = true;
    const t = pr.snapshotTransfer;
    if (pr.state !== 'snapshot' || !t || t.snapshot.metadata!.index !== m.index) return;
    const have = Math.min(m.rejectHint, t.snapshot.data.length);
    if (m.reject) {
      // The follower holds `have` bytes (0 after a restart) and wants the rest from there. The
      // resend waits for the next heartbeat response: answering every rejection at once would
      // multiply the chunks in flight.
      t.ackedBytes = t.sentBytes = have;
      return;
    }
    if (have <= t.ackedBytes) return; // a duplicate or reordered acknowledgement
    t.ackedBytes = have;
    t.sentBytes = Math.max(t.sentBytes, have);
    this.sendSnapshotChunks(m.from, pr);
  }

  private sendTimeoutNow(to: number): void {
    // The target will campaign ignoring the followers' leases: ours is void from now on.
    this.leaseRevoked = true;
    this.send(message({ type: 'MSG_TIMEOUT_NOW', to }));
  }

  private handleTransferLeader(m: Message, pr: Progress): void {
    const transferee = m.from;
    if (pr.isLearner) return;
    if (this.leadTransferee === transferee || transferee === this.id) return;
    this.leadTransferee = transferee;
    // The transfer must finish within an election timeout (its own timer: check-quorum keeps
    // running meanwhile).
    this.transferElapsed = 0;
    this.cfg.logger?.info(`${this.id} transfers leadership to ${transferee} at term ${this.term}`);
    if (pr.match === this.log.lastIndex()) {
      this.sendTimeoutNow(transferee);
    } else {
      this.sendAppend(transferee);
    }
  }

  private stepCandidate(m: Message): string | null {
    const myResp: MessageType = this.role === 'pre-candidate' ? 'MSG_PRE_VOTE_RESP' : 'MSG_VOTE_RESP';
    switch (m.type) {
      case 'MSG_PROP':
        return 'an election is in progress';
      case 'MSG_READ_INDEX':
        return 'an election is in progress';
      case 'MSG_APP':
        this.becomeFollower(m.term, m.from);
        this.handleAppendEntries(m);
        return null;
      case 'MSG_HEARTBEAT':
        this.becomeFollower(m.term, m.from);
        this.handleHeartbeat(m);
        return null;
      case 'MSG_SNAP':
        this.becomeFollower(m.term, m.from);
        this.handleSnapshotChunk(m);
        return null;
      case 'MSG_TIMEOUT_NOW':
        return null;
    }
    if (m.type === myResp) {
      const res = this.poll(m.from, !m.reject);
      if (res === 'won') {
        if (this.role === 'pre-candidate') {
          this.campaign('election');
        } else {
          this.becomeLeader();
          this.bcastAppend();
        }
      } else if (res === 'lost') {
        // A pre-candidate keeps its term: it never raised it.
        this.becomeFollower(this.term, NONE);
      }
    }
    return null;
  }

  private stepFollower(m: Message): string | null {
    switch (m.type) {
      case 'MSG_PROP':
        if (this.lead === NONE) return 'no leader';
        if (this.cfg.disableProposalForwarding) return 'this node is not the leader';
        this.send({ ...m, to: this.lead });
        return null;
      case 'MSG_APP':
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleAppendEntries(m);
        return null;
      case 'MSG_HEARTBEAT':
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleHeartbeat(m);
        return null;
      case 'MSG_SNAP':
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleSnapshotChunk(m);
        return null;
      case 'MSG_TRANSFER_LEADER':
        if (this.lead === NONE) return 'no leader';
        this.send({ ...m, to: this.lead });
        return null;
      case 'MSG_TIMEOUT_NOW':
        // The leader chose us: campaign at once, without pre-vote and ignoring leases.
        this.hup('transfer');
        return null;
      case 'MSG_READ_INDEX':
        if (this.lead === NONE) return 'no leader';
        this.send({ ...m, to: this.lead });
        return null;
      case 'MSG_READ_INDEX_RESP':
        this.readStates.push({ index: m.index, context: m.context });
        return null;
    }
    return null;
  }

  // ---------------------------------------------------------------- follower handlers

  private handleAppendEntries(m: Message): void {
    if (m.index < this.log.committed) {
      this.send(message({ type: 'MSG_APP_RESP', to: m.from, index: this.log.committed }));
      return;
    }
    const lastNew = this.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== null) {
      this.send(message({ type: 'MSG_APP_RESP', to: m.from, index: lastNew }));
      return;
    }
    // Reject with a hint: the largest index at or below the leader's probe whose term is no higher
    // than the leader's term there. The leader skips every entry in between.
    const hint = this.log.findConflictByTerm(Math.min(m.index, this.log.lastIndex()), m.logTerm);
    this.send(
      message({ type: 'MSG_APP_RESP', to: m.from, index: m.index, reject: true, rejectHint: hint.index, logTerm: hint.term }),
    );
  }

  private handleHeartbeat(m: Message): void {
    this.log.commitTo(Math.min(m.commit, this.log.lastIndex()));
    this.send(message({ type: 'MSG_HEARTBEAT_RESP', to: m.from, index: m.index, context: m.context }));
  }

  private handleSnapshotChunk(m: Message): void {
    const chunk = m.snapshot;
    if (!chunk || !chunk.metadata) return;
    const meta = chunk.metadata;
    if (meta.index <= this.log.committed) {
      // We already have everything the snapshot holds.
      this.incomingSnapshot = null;
      this.send(message({ type: 'MSG_APP_RESP', to: m.from, index: this.log.committed }));
      return;
    }
    let inc = this.incomingSnapshot;
    const same = inc !== null && inc.index === meta.index && inc.term === meta.term;
    if (chunk.offset === 0 && !same) {
      inc = this.incomingSnapshot = { index: meta.index, term: meta.term, received: 0, total: chunk.totalBytes, parts: [] };
    } else if (!same) {
      // A transfer we do not hold (we restarted, or it was superseded): start over.
      this.send(message({ type: 'MSG_SNAP_RESP', to: m.from, index: meta.index, reject: true, rejectHint: 0 }));
      return;
    }
    inc = inc!;
    if (chunk.offset < inc.received) {
      // A duplicate: say again how far we are.
      this.send(message({ type: 'MSG_SNAP_RESP', to: m.from, index: meta.index, rejectHint: inc.received }));
      return;
    }
    if (chunk.offset > inc.received) {
      // A gap (a chunk was lost): ask to continue from what we have.
      this.send(message({ type: 'MSG_SNAP_RESP', to: m.from, index: meta.index, reject: true, rejectHint: inc.received }));
      return;
    }
    inc.parts.push(Buffer.from(chunk.data));
    inc.received += chunk.data.length;
    if (inc.received < inc.total) {
      this.send(message({ type: 'MSG_SNAP_RESP', to: m.from, index: meta.index, rejectHint: inc.received }));
      return;
    }
    this.incomingSnapshot = null;
    const snap: Snapshot = { metadata: meta, data: Buffer.concat(inc.parts) };
    if (this.restore(snap)) {
      this.cfg.logger?.info(`${this.id} installed snapshot at ${meta.index} (term ${meta.term})`);
      this.send(message({ type: 'MSG_APP_RESP', to: m.from, index: this.log.lastIndex() }));
    } else {
      this.send(message({ type: 'MSG_APP_RESP', to: m.from, index: this.log.committed }));
    }
  }

  /** Installs a snapshot from the leader. Returns false if it brings nothing new. */
  private restore(s: Snapshot): boolean {
    const meta = s.metadata!;
    if (meta.index <= this.log.committed) return false;
    if (this.role !== 'follower') {
      // Only a follower receives snapshots; anything else means a bug.
      throw new Error(`${this.id} received a snapshot as ${this.role}`);
    }
    if (this.log.matchTerm(meta.index, meta.term)) {
      // Our log already has the snapshot's last entry: just commit up to it.
      this.log.commitTo(meta.index);
      return false;
    }
    this.log.restore(s);
    this.applyConfState(meta.confState!);
    const self = this.progress.get(this.id);
    if (self) self.match = this.log.lastIndex();
    return true;
  }

  // ---------------------------------------------------------------- membership changes

  /**
   * Applies a committed configuration change (called by the application when it applies the
   * entry). Returns the new configuration.
   */
  applyConfChange(cc: ConfChange): ConfState {
    const id = cc.nodeId;
    const existing = this.progress.get(id);
    switch (cc.type) {
      case 'CONF_CHANGE_ADD_VOTER':
        if (existing) existing.isLearner = false;
        else this.addMember(id, false);
        break;
      case 'CONF_CHANGE_ADD_LEARNER':
        if (existing) existing.isLearner = true;
        else this.addMember(id, true);
        break;
      case 'CONF_CHANGE_REMOVE':
        this.progress.delete(id);
        this.votes.delete(id);
        break;
    }
    const self = this.progress.get(this.id);
    if (this.role === 'leader' && (!self || self.isLearner)) {
      // Removed (or demoted): step down; the rest elect a leader among themselves.
      this.cfg.logger?.info(`${this.id} steps down: no longer a voter`);
      this.becomeFollower(this.term, NONE);
      return this.confState();
    }
    if (this.role === 'leader' && this.voters().length > 0) {
      // Fewer voters may mean a smaller majority: something may commit now.
      if (this.maybeCommit()) this.bcastAppend();
      else for (const pid of this.progress.keys()) if (pid !== this.id) this.maybeSendAppend(pid, false);
      if (this.leadTransferee !== NONE && !this.voters().includes(this.leadTransferee)) this.leadTransferee = NONE;
    }
    return this.confState();
  }

  /** Why the change cannot be made to the current configuration, or null. */
  private checkConfChange(cc: ConfChange): string | null {
    if (cc.nodeId === NONE) return 'node id 0 is not a valid member';
    const voters = new Set(this.voters());
    if (cc.type === 'CONF_CHANGE_ADD_VOTER') voters.add(cc.nodeId);
    else voters.delete(cc.nodeId);
    if (voters.size === 0) return `${cc.type} ${cc.nodeId} would leave no voter: it is the last voter`;
    return null;
  }

  private addMember(id: number, isLearner: boolean): void {
    const pr = this.newProgress(this.log.lastIndex() + 1, isLearner);
    // Treat a new member as active, so check-quorum does not count it against the leader at once.
    pr.recentActive = true;
    this.progress.set(id, pr);
  }

  // ---------------------------------------------------------------- called by RaftNode after persisting

  /** Entries in `ents` were persisted. */
  stableTo(index: number, term: number): void {
    this.log.stableTo(index, term);
  }

  readMessages(): Message[] {
    const out = this.msgs;
    this.msgs = [];
    return out;
  }

  /** The node's log and volatile state, for tests and status output. */
  basicStatus() {
    return {
      id: this.id,
      term: this.term,
      vote: this.vote,
      commit: this.log.committed,
      applied: this.log.applied,
      lead: this.lead,
      role: this.role,
      lastIndex: this.log.lastIndex(),
      leadTransferee: this.leadTransferee,
    };
  }
}

export { UnavailableError };
