// Deterministic simulation of a Raft cluster: many RaftNodes in one process on a simulated
// network, every choice drawn from one seeded RNG. Each step is one tick of simulated time:
//
//   1. deliver the messages due now, in random order (delay, loss, duplication, partitions)
//   2. tick every running node
//   3. maybe inject a fault: crash (loses whatever was not persisted), restart, partition
//      (symmetric or one-way), heal, snapshot + compaction, leadership transfer, membership change
//   4. every running node handles its Ready: persist, send, apply (a leader: send, persist, apply;
//      it may crash between sending and persisting)
//   5. clients propose writes and ask for reads at random nodes
//   6. check the invariants (see checker.ts)
//
// After the fault phase the network heals, crashed members restart, and the run must converge:
// a leader is elected and a new write commits within a bounded number of ticks (liveness), and
// every running member applies every acknowledged write (durability).
import { decodeConfChange, MemoryStorage, type Message, RaftNode, bootstrapStorage, type ConfState, type Entry, type TestingBugs } from '../../src/raft/index.js';
import { ProposalDroppedError } from '../../src/raft/node.js';
import { Checker, Violation } from './checker.js';
import { SimRng } from './rng.js';
import { EventLog } from './trace.js';

export interface SimOptions {
  seed: number;
  nodes: 3 | 5;
  /** Ticks of the fault phase. */
  steps: number;
  bugs?: TestingBugs;
  /**
   * A broken harness for the checker to catch: every member, not only the leader, sends its
   * messages (acknowledgements too) before its write is durable.
   */
  everyoneSendsBeforePersist?: boolean;
  /** Overrides the fault profile drawn for the seed (for example the HOSTILE one). */
  profile?: Partial<FaultProfile>;
  /** Called with every event as it happens (replay with --trace). */
  trace?: (line: string) => void;
}

export interface SimStats {
  ticks: number;
  delivered: number;
  dropped: number;
  proposals: number;
  acked: number;
  reads: number;
  readsServed: number;
  crashes: number;
  snapshots: number;
  snapshotChunks: number;
  confChanges: number;
  transfers: number;
  partitions: number;
  elections: number;
}

export interface SimResult {
  seed: number;
  nodes: number;
  ok: boolean;
  violation: { invariant: string; detail: string; tick: number } | null;
  lastEvents: string[];
  stats: SimStats;
}

/**
 * Faults at their most frequent, one entry per append (so a leader's old-term entries and its
 * no-op travel separately): the profile under which rare interleavings such as the Raft paper's
 * Figure 8 show up within a few hundred seeds.
 */
export const HOSTILE: Partial<FaultProfile> = { crash: 0.02, bounce: 0.02, partition: 0.02, maxAppendBytes: 1 };

/** Timing of every simulated node, in ticks. */
export const ELECTION_TICKS = 10;
export const HEARTBEAT_TICKS = 2;
/**
 * Liveness bound: after healing, a leader must exist and a new write commit within this many
 * ticks (plus 2 ticks per entry that some member still lacks).
 */
export const LIVENESS_TICKS = 40 * ELECTION_TICKS;
/** And every running member must have applied every acknowledged write within this many more (plus 4 per missing entry). */
export const CATCH_UP_TICKS = 80 * ELECTION_TICKS;

interface SimNode {
  id: number;
  /** What survives a crash. */
  disk: MemoryStorage;
  /** The running process, or null while crashed. */
  raft: RaftNode | null;
  /** Stopped for good after its removal from the cluster was applied. */
  removed: boolean;
  /** The replicated state machine: the writes applied so far, in order. */
  sm: { index: number; ops: string[] };
  confState: ConfState;
  /** Writes proposed through this process and not yet applied here (lost on crash). */
  proposed: Set<string>;
  /** Read requests in flight: context -> highest acknowledged write index when issued. */
  reads: Map<string, number>;
}

interface InFlight {
  m: Message;
  at: number;
  seq: number;
}

/**
 * How hard a seed hits the cluster. Drawn per seed, so that some seeds are gentle and others
 * brutal (many crashes, tiny appends, no pre-vote), like FoundationDB's randomized "buggify".
 */
export interface FaultProfile {
  loss: number;
  duplicate: number;
  maxDelay: number;
  /** A message overtakes earlier ones on its link (links are otherwise FIFO, like a stream). */
  reorder: number;
  /** Client writes per tick, on average. */
  writes: number;
  crash: number;
  /** Crash and restart at once (a supervisor restarting a killed process). */
  bounce: number;
  partition: number;
  /** Bytes per append: 1 means one entry per message. */
  maxAppendBytes: number;
  preVote: boolean;
  checkQuorum: boolean;
  /** Linearizable reads by heartbeat round ('safe') or leader lease ('lease', needs check-quorum). */
  readOnly: 'safe' | 'lease';
}

export class SimCluster {
  readonly rng: SimRng;
  readonly checker: Checker;
  readonly events: EventLog;
  readonly stats: SimStats = {
    ticks: 0, delivered: 0, dropped: 0, proposals: 0, acked: 0, reads: 0, readsServed: 0, crashes: 0,
    snapshots: 0, snapshotChunks: 0, confChanges: 0, transfers: 0, partitions: 0, elections: 0,
  };
  private readonly nodes = new Map<number, SimNode>();
  private queue: InFlight[] = [];
  private seq = 0;
  /** Per link: the delivery time of its last message (FIFO unless reordered). */
  private readonly linkAt = new Map<string, number>();
  private readonly blocked = new Set<string>();
  private now = 0;
  private nextId: number;
  private readonly maxId: number;
  private nextOp = 1;
  private profile: FaultProfile;

  constructor(readonly opts: SimOptions) {
    this.rng = new SimRng(opts.seed);
    this.events = new EventLog(300, opts.trace);
    this.checker = new Checker();
    this.profile = {
      loss: this.rng.pick([0, 0.01, 0.05, 0.15]),
      duplicate: this.rng.pick([0, 0.02, 0.1]),
      maxDelay: 1 + this.rng.int(4),
      reorder: this.rng.pick([0, 0.02, 0.2]),
      writes: this.rng.pick([0.2, 0.5, 1]),
      crash: this.rng.pick([0.002, 0.006, 0.02]),
      bounce: this.rng.pick([0, 0.005, 0.02]),
      partition: this.rng.pick([0.002, 0.006, 0.02]),
      maxAppendBytes: this.rng.pick([1, 64, 512, 4096]),
      preVote: this.rng.int(4) !== 0,
      checkQuorum: this.rng.int(4) !== 0,
      readOnly: 'safe',
    };
    if (this.profile.checkQuorum && this.rng.int(3) === 0) this.profile.readOnly = 'lease';
    this.profile = { ...this.profile, ...opts.profile };
    const ids = Array.from({ length: opts.nodes }, (_, i) => i + 1);
    for (const id of ids) {
      const disk = new MemoryStorage();
      bootstrapStorage(disk, ids, encodeState({ index: 1, ops: [] }));
      this.addNode(id, disk);
    }
    this.nextId = opts.nodes + 1;
    this.maxId = opts.nodes + 4;
    this.events.add(this.now, `start: ${opts.nodes} nodes, seed ${opts.seed}, faults ${JSON.stringify(this.profile)}`);
  }

  private addNode(id: number, disk: MemoryStorage): SimNode {
    const n: SimNode = {
      id, disk, raft: null, removed: false, sm: { index: 0, ops: [] }, confState: { voters: [], learners: [] },
      proposed: new Set(), reads: new Map(),
    };
    this.nodes.set(id, n);
    this.start(n);
    return n;
  }

  /** Starts (or restarts) a node's process from what its disk holds. */
  private start(n: SimNode): void {
    const snap = n.disk.snapshot();
    const meta = snap.metadata!;
    n.sm = meta.index > 0 ? decodeState(snap.data) : { index: 0, ops: [] };
    n.confState = meta.confState ?? { voters: [], learners: [] };
    n.proposed.clear();
    n.reads.clear();
    const raft = new RaftNode({
      id: n.id,
      storage: n.disk,
      electionTicks: ELECTION_TICKS,
      heartbeatTicks: HEARTBEAT_TICKS,
      rand: { int: ((r) => (k: number) => r.int(k))(new SimRng(this.rng.childSeed())) },
      maxAppendBytes: this.profile.maxAppendBytes,
      preVote: this.profile.preVote,
      checkQuorum: this.profile.checkQuorum,
      readOnly: this.profile.readOnly,
      maxInflightAppends: 1 + this.rng.int(8),
      snapshotChunkBytes: 64 + this.rng.int(512),
      testingBugs: this.opts.bugs,
    });
    raft.raft.onBecomeLeader = (term) => {
      this.stats.elections++;
      this.events.add(this.now, `${n.id} becomes leader of term ${term}`);
      this.checker.onLeader(n.id, term, raft.raft.log);
    };
    n.raft = raft;
  }

  private running(): SimNode[] {
    return [...this.nodes.values()].filter((n) => n.raft !== null);
  }

  private leader(): SimNode | null {
    let best: SimNode | null = null;
    for (const n of this.running()) {
      const r = n.raft!.raft;
      if (r.role === 'leader' && (!best || r.term > best.raft!.raft.term)) best = n;
    }
    return best;
  }

  // ------------------------------------------------------------------ network

  private send(m: Message): void {
    if (m.type === 'MSG_SNAP') this.stats.snapshotChunks++;
    if (this.rng.chance(this.profile.loss)) {
      this.stats.dropped++;
      return;
    }
    const copies = this.rng.chance(this.profile.duplicate) ? 2 : 1;
    const link = `${m.from}>${m.to}`;
    for (let i = 0; i < copies; i++) {
      let at = this.now + 1 + this.rng.int(this.profile.maxDelay);
      if (!this.rng.chance(this.profile.reorder)) {
        at = Math.max(at, this.linkAt.get(link) ?? 0);
        this.linkAt.set(link, at);
      }
      this.queue.push({ m, at, seq: this.seq++ });
    }
  }

  private deliver(): void {
    const due: InFlight[] = [];
    const later: InFlight[] = [];
    for (const f of this.queue) (f.at <= this.now ? due : later).push(f);
    this.queue = later;
    due.sort((a, b) => a.at - b.at || a.seq - b.seq);
    for (const { m } of due) {
      const to = this.nodes.get(m.to);
      if (!to || !to.raft || this.blocked.has(`${m.from}>${m.to}`)) {
        this.stats.dropped++;
        continue;
      }
      this.stats.delivered++;
      this.events.addMessage(this.now, m);
      to.raft.step(m);
    }
  }

  // ------------------------------------------------------------------ ready handling

  private handleReady(n: SimNode, faults: boolean): void {
    const raft = n.raft!;
    if (!raft.hasReady()) return;
    const rd = raft.ready();
    if (rd.softState) this.events.add(this.now, `${n.id} is ${rd.softState.role} (leader ${rd.softState.lead}) at term ${raft.raft.term}`);
    // A leader sends before its write is durable, as the managers do (Raft thesis 10.2.1; see
    // Replica.loop), and may crash before the write completes: its messages are out, its entries lost.
    const leading = raft.raft.role === 'leader' || this.opts.everyoneSendsBeforePersist === true;
    if (leading) {
      for (const m of rd.messages) this.send(m);
      if (faults && this.rng.chance(this.profile.crash)) {
        n.raft = null;
        this.stats.crashes++;
        this.events.add(this.now, `${n.id} crashes while leader, its messages sent and its write not yet durable (${rd.entries.length} entries lost)`);
        return;
      }
    }
    // 1. persist (the "fsync"): nothing else leaves the node before this
    if (rd.snapshot) {
      n.disk.applySnapshot(rd.snapshot);
      n.sm = decodeState(rd.snapshot.data);
      n.confState = rd.snapshot.metadata!.confState!;
      this.checker.onSnapshotInstalled(n.id, rd.snapshot.metadata!.index, n.sm.ops);
      this.events.add(this.now, `${n.id} installs snapshot at ${rd.snapshot.metadata!.index}`);
    }
    if (rd.entries.length > 0) {
      n.disk.append(rd.entries);
      this.checker.onPersist(n.id, rd.entries, n.disk);
    }
    if (rd.hardState) n.disk.setHardState(rd.hardState);
    // 2. send
    if (!leading) for (const m of rd.messages) this.send(m);
    // 3. apply
    for (const e of rd.committedEntries) this.apply(n, e);
    for (const rs of rd.readStates) {
      const key = rs.context.toString();
      const ackedAtIssue = n.reads.get(key);
      if (ackedAtIssue === undefined) continue;
      n.reads.delete(key);
      this.stats.readsServed++;
      this.checker.onRead(n.id, key, rs.index, ackedAtIssue);
    }
    raft.advance(rd);
  }

  private apply(n: SimNode, e: Entry): void {
    if (e.index <= n.sm.index) return; // already in the state machine (from a snapshot)
    this.checker.onApply(n.id, n.sm.index, e);
    n.sm.index = e.index;
    if (e.type === 'ENTRY_CONF_CHANGE') {
      const cc = decodeConfChange(e.data);
      n.confState = n.raft!.applyConfChange(cc);
      if (this.checker.isFirstApply(e.index)) {
        this.stats.confChanges++;
        this.events.add(this.now, `conf change ${cc.type} ${cc.nodeId} applied at ${e.index}`);
      }
      if (cc.type === 'CONF_CHANGE_REMOVE') {
        const gone = this.nodes.get(cc.nodeId);
        if (gone && !gone.removed) {
          gone.removed = true;
          gone.raft = null;
          this.events.add(this.now, `${gone.id} stopped: removed from the cluster`);
        }
      }
      return;
    }
    if (e.data.length === 0) return; // a leader's no-op
    const op = e.data.toString();
    n.sm.ops.push(op);
    if (n.proposed.delete(op)) {
      this.stats.acked++;
      this.checker.onAck(op, e.index);
    }
  }

  // ------------------------------------------------------------------ faults

  private injectFault(): void {
    const r = this.rng;
    const running = this.running();
    const crashed = [...this.nodes.values()].filter((n) => !n.raft && !n.removed);
    if (running.length > 0 && r.chance(this.profile.crash)) {
      const n = r.pick(running);
      n.raft = null;
      this.stats.crashes++;
      this.events.add(this.now, `${n.id} crashes (unpersisted state is lost)`);
    }
    if (running.length > 0 && r.chance(this.profile.bounce)) {
      const n = r.pick(running);
      this.stats.crashes++;
      this.start(n);
      this.events.add(this.now, `${n.id} crashes and restarts at once, at term ${n.raft!.raft.term}`);
    }
    if (crashed.length > 0 && r.chance(0.05)) {
      const n = r.pick(crashed);
      this.start(n);
      this.events.add(this.now, `${n.id} restarts at term ${n.raft!.raft.term}, commit ${n.raft!.raft.log.committed}`);
    }
    if (r.chance(this.profile.partition)) this.partition();
    if (this.blocked.size > 0 && r.chance(0.02)) {
      this.blocked.clear();
      this.events.add(this.now, 'network heals');
    }
    if (running.length > 0 && r.chance(0.02)) this.snapshot(r.pick(running));
    if (r.chance(0.004)) this.transfer();
    if (r.chance(0.01)) this.changeMembership();
  }

  private partition(): void {
    const ids = [...this.nodes.values()].filter((n) => !n.removed).map((n) => n.id);
    this.stats.partitions++;
    const kind = this.rng.int(3);
    if (kind === 0) {
      // Symmetric split into a minority and a majority.
      const side = new Set(this.rng.shuffle([...ids]).slice(0, 1 + this.rng.int(Math.floor(ids.length / 2))));
      for (const a of ids) for (const b of ids) if (side.has(a) !== side.has(b)) this.blocked.add(`${a}>${b}`);
      this.events.add(this.now, `partition: {${[...side].join(',')}} | {${ids.filter((i) => !side.has(i)).join(',')}}`);
    } else if (kind === 1) {
      // Isolate the leader (or a random node).
      const x = this.leader()?.id ?? this.rng.pick(ids);
      for (const b of ids) if (b !== x) this.blocked.add(`${x}>${b}`).add(`${b}>${x}`);
      this.events.add(this.now, `partition: ${x} isolated`);
    } else {
      // One-way: a can no longer reach b (b still reaches a).
      const a = this.rng.pick(ids);
      const b = this.rng.pick(ids.filter((i) => i !== a));
      this.blocked.add(`${a}>${b}`);
      this.events.add(this.now, `partition: one-way ${a} -/-> ${b}`);
    }
  }

  private snapshot(n: SimNode): void {
    const snapIndex = n.disk.snapshot().metadata!.index;
    if (n.sm.index <= snapIndex) return;
    n.disk.createSnapshot(n.sm.index, n.confState, encodeState(n.sm));
    // Keep a short tail of entries for followers that are only a little behind.
    const tail = this.rng.int(6);
    const compactTo = Math.max(snapIndex, n.sm.index - tail);
    if (compactTo > n.disk.firstIndex() - 1) n.disk.compact(compactTo);
    this.stats.snapshots++;
    this.events.add(this.now, `${n.id} snapshots at ${n.sm.index}, compacts to ${compactTo}`);
  }

  private transfer(): void {
    const l = this.leader();
    if (!l) return;
    const voters = l.confState.voters.filter((v) => v !== l.id);
    if (voters.length === 0) return;
    const to = this.rng.pick(voters);
    this.stats.transfers++;
    this.events.add(this.now, `transfer leadership ${l.id} -> ${to}`);
    l.raft!.transferLeadership(to);
  }

  private changeMembership(): void {
    const l = this.leader();
    if (!l) return;
    const raft = l.raft!;
    const st = raft.status();
    const { voters, learners } = st.confState;
    let cc: { type: 'CONF_CHANGE_ADD_VOTER' | 'CONF_CHANGE_ADD_LEARNER' | 'CONF_CHANGE_REMOVE'; nodeId: number };
    const caughtUp = learners.find((id) => (st.progress?.get(id)?.match ?? 0) + 5 >= st.commit);
    if (caughtUp !== undefined) {
      cc = { type: 'CONF_CHANGE_ADD_VOTER', nodeId: caughtUp };
    } else if (learners.length === 0 && voters.length <= this.opts.nodes && this.nextId <= this.maxId) {
      cc = { type: 'CONF_CHANGE_ADD_LEARNER', nodeId: this.nextId };
    } else if (voters.length > this.opts.nodes - 1 && voters.length > 3) {
      cc = { type: 'CONF_CHANGE_REMOVE', nodeId: this.rng.pick(voters) };
    } else {
      return;
    }
    try {
      raft.proposeConfChange({ ...cc, context: Buffer.alloc(0) });
    } catch (e) {
      if (e instanceof ProposalDroppedError) return;
      throw e;
    }
    this.events.add(this.now, `propose ${cc.type} ${cc.nodeId} at leader ${l.id}`);
    if (cc.type === 'CONF_CHANGE_ADD_LEARNER') {
      // The new member's process starts empty; it receives a snapshot from the leader.
      this.addNode(this.nextId++, new MemoryStorage());
    }
  }

  // ------------------------------------------------------------------ clients

  private clients(): void {
    const running = this.running();
    if (running.length === 0) return;
    const writes = this.rng.chance(this.profile.writes / 2) ? 1 + this.rng.int(3) : 0;
    for (let i = 0; i < writes; i++) this.propose(this.rng.pick(running), `w${this.nextOp++}`);
    if (this.rng.chance(0.1)) {
      const n = this.rng.pick(running);
      const key = `r${this.nextOp++}`;
      try {
        n.raft!.readIndex(Buffer.from(key));
        n.reads.set(key, this.checker.maxAckedIndex());
        this.stats.reads++;
      } catch (e) {
        if (!(e instanceof ProposalDroppedError)) throw e;
      }
    }
  }

  private propose(n: SimNode, op: string): boolean {
    try {
      n.raft!.propose(Buffer.from(op));
    } catch (e) {
      if (e instanceof ProposalDroppedError) return false;
      throw e;
    }
    n.proposed.add(op);
    this.stats.proposals++;
    return true;
  }

  // ------------------------------------------------------------------ the run

  private step(faults: boolean): void {
    this.now++;
    this.stats.ticks++;
    this.deliver();
    for (const n of this.running()) n.raft!.tick();
    if (faults) this.injectFault();
    // (A node may be stopped while another handles its Ready: removal from the cluster.)
    for (const n of this.running()) if (n.raft) this.handleReady(n, faults);
    if (faults) this.clients();
    this.checker.afterStep(this.now);
  }

  private heal(): void {
    this.blocked.clear();
    this.profile = { ...this.profile, loss: 0, duplicate: 0 };
    for (const n of this.nodes.values()) {
      if (!n.raft && !n.removed) {
        this.start(n);
        this.events.add(this.now, `${n.id} restarts for the final check`);
      }
    }
    this.events.add(this.now, 'faults stop: network healed, every member running');
  }

  run(): SimResult {
    let violation: SimResult['violation'] = null;
    try {
      for (let i = 0; i < this.opts.steps; i++) this.step(true);
      this.heal();
      this.converge();
    } catch (e) {
      if (!(e instanceof Violation)) throw e;
      violation = { invariant: e.invariant, detail: e.detail, tick: this.now };
      this.events.add(this.now, `VIOLATION ${e.invariant}: ${e.detail}`);
    }
    return { seed: this.opts.seed, nodes: this.opts.nodes, ok: violation === null, violation, lastEvents: this.events.last(), stats: this.stats };
  }

  /** Liveness and durability once faults stop. */
  private converge(): void {
    const start = this.now;
    // A backlog must replicate before a new write can commit: allow for it (slow configurations
    // send one entry per message).
    const lastIndex = Math.max(...this.running().map((n) => n.raft!.raft.log.lastIndex()));
    const minApplied = Math.min(...this.members().map((n) => n.sm.index));
    const bound = LIVENESS_TICKS + 2 * Math.max(0, lastIndex - minApplied);
    const op = `final${this.nextOp++}`;
    let proposedAt = -1;
    let committed = false;
    for (let i = 0; i < bound && !committed; i++) {
      this.step(false);
      const l = this.leader();
      // (Re)propose at the current leader every few election timeouts until it commits.
      if (l && (proposedAt < 0 || this.now - proposedAt > 4 * ELECTION_TICKS)) {
        if (this.propose(l, op)) proposedAt = this.now;
      }
      committed = this.checker.isApplied(op);
    }
    if (!committed) {
      throw new Violation('liveness', `no leader committed a new write within ${bound} ticks after faults stopped (leader: ${this.leader()?.id ?? 'none'})`);
    }
    this.events.add(this.now, `liveness: a new write committed ${this.now - start} ticks after healing`);
    const applied = this.checker.maxAppliedIndex();
    // Writes still in flight when the final write committed may be acknowledged meanwhile.
    const target = () => Math.max(applied, this.checker.maxAckedIndex());
    // As above, allow for the backlog (4 ticks an entry: one-entry appends that get reordered).
    const catchUp = CATCH_UP_TICKS + 4 * Math.max(0, target() - Math.min(...this.members().map((n) => n.sm.index)));
    for (let i = 0; i < catchUp; i++) {
      const members = this.members();
      if (members.every((n) => n.sm.index >= target())) {
        this.checker.checkAllAckedApplied(members.map((n) => ({ id: n.id, index: n.sm.index })));
        return;
      }
      this.step(false);
    }
    const members = this.members();
    if (members.every((n) => n.sm.index >= target())) return;
    const behind = members.filter((n) => n.sm.index < target()).map((n) => `${n.id}@${n.sm.index}`);
    throw new Violation('durability', `members ${behind.join(', ')} did not apply up to ${target()} within ${catchUp} ticks after the new write committed`);
  }

  /** The running nodes that the leader's configuration lists. */
  private members(): SimNode[] {
    const l = this.leader();
    if (!l) return this.running();
    const cs = l.confState;
    const ids = new Set([...cs.voters, ...cs.learners]);
    return this.running().filter((n) => ids.has(n.id));
  }
}

function encodeState(sm: { index: number; ops: string[] }): Buffer {
  return Buffer.from(JSON.stringify(sm));
}

function decodeState(data: Buffer): { index: number; ops: string[] } {
  return JSON.parse(data.toString()) as { index: number; ops: string[] };
}

export function runSeed(opts: SimOptions): SimResult {
  return new SimCluster(opts).run();
}
