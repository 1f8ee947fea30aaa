// A small in-memory network of RaftNodes for the unit tests in test/raft/.
//
// Each member has a MemoryStorage (bootstrapped with bootstrapStorage unless the test builds one)
// and a seeded Rand. Readies are processed the way a real shell must:
//   1. persist: snapshot -> storage.applySnapshot, entries -> storage.append, hardState -> setHardState
//   2. send the messages (here: put them on the network queue)
//   3. apply the snapshot and the committed entries (applyConfChange for configuration entries)
//   4. advance
// Messages sit in a queue until the test delivers them, so a test can look at, drop, or hold back
// any message. By default every message goes through the protobuf encoding, like on the wire.
//
// The harness also checks a few invariants as it goes and throws when one breaks: entries are
// applied in order without gaps, a node's persisted term and commit index never go backwards, and
// no two nodes are leader in the same term.
import { decode, encode } from '../../src/proto/load.js';
import {
  type ConfChange,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type MessageType,
  MemoryStorage,
  NONE,
  type RaftConfig,
  RaftNode,
  type ReadState,
  type Ready,
  type Snapshot,
  bootstrapStorage,
  decodeConfChange,
  message,
  seededRand,
} from '../../src/raft/index.js';

export const ELECTION_TICKS = 10;
export const HEARTBEAT_TICKS = 1;

export interface Member {
  readonly id: number;
  node: RaftNode;
  readonly storage: MemoryStorage;
  /** Entries applied to the state machine since the last snapshot was applied, in order. */
  applied: Entry[];
  appliedIndex: number;
  /** Snapshots applied (received from a leader). */
  snapshots: Snapshot[];
  /** Configuration as last reported by applyConfChange or by an applied snapshot. */
  confState: ConfState;
  readStates: ReadState[];
  /** Every Ready this member produced, in order (cleared by the test when it wants). */
  readies: Ready[];
  /** A stopped (crashed) member receives nothing and is not ticked. */
  stopped: boolean;
}

export type Config = Partial<Omit<RaftConfig, 'id' | 'storage' | 'rand'>>;

export interface NetworkOptions {
  /** Founding voters: each gets a storage written by bootstrapStorage (unless `storage` gives one). */
  voters: number[];
  /** Configuration for every member, or per member. */
  config?: Config | ((id: number) => Config);
  /** A prepared storage for some members (return undefined for the default). */
  storage?: (id: number) => MemoryStorage | undefined;
  /** Seed of the members' random generators (each member gets memberSeed(seed, id)). */
  seed?: number;
  /** Round-trip every message through the protobuf encoding (default true). */
  wire?: boolean;
}

type Filter = (m: Message) => boolean;

export class Network {
  readonly members = new Map<number, Member>();
  /** Messages sent and not yet delivered (or dropped), oldest first. */
  queue: Message[] = [];
  /** Every message ever sent, in order. */
  readonly sent: Message[] = [];
  /** Every message handed to a node. */
  readonly delivered: Message[] = [];
  /** Every message discarded by a partition, a filter, or because its target is stopped. */
  readonly dropped: Message[] = [];
  /** Leader of each term, as seen from the members' soft state. */
  readonly leaders = new Map<number, number>();

  /**
   * When set, deliver() hands the queue through this first: a test can reorder or duplicate
   * messages (the default network is FIFO and delivers each message once).
   */
  mangle: ((queue: Message[]) => Message[]) | null = null;

  private readonly isolated = new Set<number>();
  private readonly cuts = new Set<string>();
  private readonly filters = new Set<Filter>();
  private readonly config: (id: number) => Config;
  private readonly seed: number;
  private readonly wire: boolean;

  constructor(opts: NetworkOptions) {
    const cfg = opts.config;
    this.config = typeof cfg === 'function' ? cfg : () => cfg ?? {};
    this.seed = opts.seed ?? 1;
    this.wire = opts.wire ?? true;
    for (const id of opts.voters) {
      let storage = opts.storage?.(id);
      if (!storage) {
        storage = new MemoryStorage();
        bootstrapStorage(storage, opts.voters);
      }
      this.addMember(id, storage);
    }
  }

  /** Adds a member; without a storage it starts empty (a new node waiting for a snapshot). */
  addMember(id: number, storage: MemoryStorage = new MemoryStorage(), config: Config = {}): Member {
    if (this.members.has(id)) throw new Error(`member ${id} exists`);
    const snap = storage.snapshot();
    const m: Member = {
      id,
      node: this.newNode(id, storage, config),
      storage,
      applied: [],
      appliedIndex: snap.metadata!.index,
      snapshots: [],
      confState: storage.initialState().confState,
      readStates: [],
      readies: [],
      stopped: false,
    };
    this.members.set(id, m);
    return m;
  }

  private newNode(id: number, storage: MemoryStorage, extra: Config): RaftNode {
    return new RaftNode({
      electionTicks: ELECTION_TICKS,
      heartbeatTicks: HEARTBEAT_TICKS,
      ...this.config(id),
      ...extra,
      id,
      storage,
      rand: seededRand(memberSeed(this.seed, id)),
    });
  }

  get(id: number): Member {
    const m = this.members.get(id);
    if (!m) throw new Error(`no member ${id}`);
    return m;
  }

  node(id: number): RaftNode {
    return this.get(id).node;
  }

  ids(): number[] {
    return [...this.members.keys()].sort((a, b) => a - b);
  }

  // ------------------------------------------------------------------ Ready processing

  /** Processes one Ready of member `id` if it has one; returns it (or null). */
  processReady(id: number): Ready | null {
    const m = this.get(id);
    if (m.stopped || !m.node.hasReady()) return null;
    const rd = m.node.ready();
    m.readies.push(rd);
    // 1. persist
    if (rd.snapshot) m.storage.applySnapshot(rd.snapshot);
    m.storage.append(rd.entries);
    if (rd.hardState) {
      const prev = m.storage.hardStateNow();
      if (rd.hardState.term < prev.term) throw new Error(`node ${id}: term went back from ${prev.term} to ${rd.hardState.term}`);
      if (rd.hardState.commit < prev.commit) {
        throw new Error(`node ${id}: commit went back from ${prev.commit} to ${rd.hardState.commit}`);
      }
      m.storage.setHardState(rd.hardState);
    }
    if (rd.softState?.role === 'leader') {
      const term = m.node.raft.term;
      const other = this.leaders.get(term);
      if (other !== undefined && other !== id) throw new Error(`two leaders in term ${term}: ${other} and ${id}`);
      this.leaders.set(term, id);
    }
    // 2. send
    for (const msg of rd.messages) this.send(msg);
    // 3. apply
    if (rd.snapshot) {
      const meta = rd.snapshot.metadata!;
      m.snapshots.push(rd.snapshot);
      m.applied = [];
      m.appliedIndex = meta.index;
      m.confState = meta.confState!;
    }
    for (const e of rd.committedEntries) {
      if (e.index !== m.appliedIndex + 1) throw new Error(`node ${id} applies entry ${e.index} after ${m.appliedIndex}`);
      if (e.type === 'ENTRY_CONF_CHANGE') m.confState = m.node.applyConfChange(decodeConfChange(e.data));
      m.applied.push(e);
      m.appliedIndex = e.index;
    }
    m.readStates.push(...rd.readStates);
    // 4. advance
    m.node.advance(rd);
    return rd;
  }

  /** Processes Readies of every running member until none has one. Returns whether any did. */
  processReadies(): boolean {
    let any = false;
    for (const id of this.ids()) {
      for (let i = 0; this.processReady(id); i++) {
        any = true;
        if (i > 1000) throw new Error(`node ${id} keeps producing Readies`);
      }
    }
    return any;
  }

  // ------------------------------------------------------------------ messages

  private send(msg: Message): void {
    const copy = this.wire ? decode<Message>('baton.v1.Message', encode('baton.v1.Message', msg)) : { ...msg };
    this.sent.push(copy);
    this.queue.push(copy);
  }

  /** Whether a partition or filter discards `m`. */
  isDropped(m: Message): boolean {
    if (this.isolated.has(m.from) || this.isolated.has(m.to)) return true;
    if (this.cuts.has(`${m.from}-${m.to}`)) return true;
    for (const f of this.filters) if (f(m)) return true;
    return false;
  }

  /**
   * Delivers the queued messages matching `pred` (all by default), oldest first; those that a
   * partition or filter discards are dropped. Messages not matching stay queued. Returns how many
   * were taken off the queue.
   */
  deliver(pred: Filter = () => true): number {
    const batch = this.mangle ? this.mangle(this.queue) : this.queue;
    this.queue = [];
    const keep: Message[] = [];
    let n = 0;
    for (const msg of batch) {
      if (!pred(msg)) {
        keep.push(msg);
        continue;
      }
      n++;
      const to = this.members.get(msg.to);
      if (!to || to.stopped || this.isDropped(msg)) {
        this.dropped.push(msg);
        continue;
      }
      this.delivered.push(msg);
      to.node.step(msg);
    }
    this.queue = keep.concat(this.queue);
    return n;
  }

  /** Removes the queued messages matching `pred` without delivering them; returns them. */
  discard(pred: Filter): Message[] {
    const out = this.queue.filter(pred);
    this.queue = this.queue.filter((m) => !pred(m));
    this.dropped.push(...out);
    return out;
  }

  /**
   * Processes Readies and delivers messages until nothing is left to do. Throws if that takes
   * more than `maxRounds` rounds (a livelock in the core, or a test that never settles).
   */
  stabilize(maxRounds = 1000): number {
    for (let round = 0; round < maxRounds; round++) {
      const any = this.processReadies();
      if (this.queue.length === 0 && !any) return round;
      this.deliver();
    }
    throw new Error(`the network did not settle within ${maxRounds} rounds`);
  }

  /** Steps a hand-made message into member `to` (no partition applies). */
  inject(fields: Partial<Message> & { type: MessageType; to: number; from: number }): void {
    this.node(fields.to).step(message(fields));
  }

  // ------------------------------------------------------------------ partitions

  /** Drops every message to or from `id` until heal(). */
  isolate(id: number): void {
    this.isolated.add(id);
  }

  /** Drops messages between a and b (both directions) until heal(). */
  cut(a: number, b: number): void {
    this.cuts.add(`${a}-${b}`);
    this.cuts.add(`${b}-${a}`);
  }

  /** Drops messages for which `f` returns true until the returned function is called or heal(). */
  drop(f: Filter): () => void {
    this.filters.add(f);
    return () => this.filters.delete(f);
  }

  heal(): void {
    this.isolated.clear();
    this.cuts.clear();
    this.filters.clear();
  }

  // ------------------------------------------------------------------ time and lifecycle

  /** Ticks member `id` n times (without processing anything). */
  tick(id: number, n = 1): void {
    for (let i = 0; i < n; i++) this.node(id).tick();
  }

  /** n times: tick every running member once, then stabilize. */
  tickAll(n = 1): void {
    for (let i = 0; i < n; i++) {
      for (const m of this.members.values()) if (!m.stopped) m.node.tick();
      this.stabilize();
    }
  }

  /** Crashes member `id`: its unpersisted state is lost and messages to it are dropped. */
  stop(id: number): void {
    this.get(id).stopped = true;
  }

  /**
   * Restarts a member from its storage (everything persisted survives, nothing else). The state
   * machine restarts from the storage's snapshot, so the node is told that it applied up to the
   * snapshot's index (config.applied; see restart.test.ts for why the default is not relied on).
   */
  restart(id: number, config: Config = {}): void {
    const m = this.get(id);
    m.node = this.newNode(id, m.storage, { applied: m.storage.snapshot().metadata!.index, ...config });
    m.stopped = false;
    m.applied = [];
    m.appliedIndex = m.storage.snapshot().metadata!.index;
    m.confState = m.storage.initialState().confState;
  }

  // ------------------------------------------------------------------ driving

  /** Starts an election at `id` (pre-vote first if configured) and lets the network settle. */
  campaign(id: number): void {
    this.node(id).campaign();
    this.stabilize();
  }

  /** campaign(id), then checks that `id` won. */
  elect(id: number): void {
    this.campaign(id);
    const st = this.node(id).status();
    if (st.role !== 'leader') throw new Error(`node ${id} did not win the election: ${JSON.stringify(st)}`);
  }

  propose(id: number, data: string | Buffer): void {
    this.node(id).propose(typeof data === 'string' ? Buffer.from(data) : data);
  }

  proposeConfChange(id: number, cc: Pick<ConfChange, 'type' | 'nodeId'>): void {
    this.node(id).proposeConfChange({ context: Buffer.alloc(0), ...cc });
  }

  /** The running leader with the highest term, or NONE. */
  leader(): number {
    let best = NONE;
    let bestTerm = -1;
    for (const m of this.members.values()) {
      if (m.stopped) continue;
      const r = m.node.raft;
      if (r.role === 'leader' && r.term > bestTerm) {
        best = m.id;
        bestTerm = r.term;
      }
    }
    return best;
  }

  // ------------------------------------------------------------------ inspection

  /** The whole log of `id` as the core sees it: storage followed by unstable entries. */
  log(id: number): Entry[] {
    return this.node(id).raft.log.allEntries();
  }

  /** The log as "index:term" strings, handy for comparing logs. */
  logShape(id: number): string[] {
    return this.log(id).map((e) => `${e.index}:${e.term}`);
  }

  /** Entries persisted in the member's storage. */
  storedEntries(id: number): Entry[] {
    const s = this.get(id).storage;
    if (s.lastIndex() < s.firstIndex()) return [];
    return s.entries(s.firstIndex(), s.lastIndex() + 1, Number.MAX_SAFE_INTEGER);
  }

  hardState(id: number): HardState {
    return this.get(id).storage.hardStateNow();
  }

  /** The data of the normal, non-empty entries applied by `id` (since its last snapshot), as strings. */
  appliedData(id: number): string[] {
    return this.get(id)
      .applied.filter((e) => e.type === 'ENTRY_NORMAL' && e.data.length > 0)
      .map((e) => e.data.toString());
  }

  /** Messages ever sent that match `pred`. */
  sentWhere(pred: Filter): Message[] {
    return this.sent.filter(pred);
  }

  /** Queued (undelivered) messages that match `pred`. */
  queued(pred: Filter = () => true): Message[] {
    return this.queue.filter(pred);
  }
}

/**
 * The seed of member `id`'s generator: a hash of (seed, id). seededRand's first two draws are a
 * linear function of its seed (see rng.test.ts), so seeds like seed * 1000 + id would give every
 * network the same first election timeouts; hashing spreads them.
 */
export function memberSeed(seed: number, id: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(id, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A predicate on messages: of type `type`, optionally from `from` and to `to`. */
export function isMsg(type: MessageType, from?: number, to?: number): Filter {
  return (m) => m.type === type && (from === undefined || m.from === from) && (to === undefined || m.to === to);
}

/**
 * A MemoryStorage bootstrapped for `voters` whose log then holds entries of the given terms at
 * indexes 2, 3, ... (index 1 is the bootstrap snapshot, of term 1). Each entry's data is
 * "<index>@<term>". The hard state gets `term` (default: the last entry's term) and `vote`;
 * commit stays at 1 unless given.
 */
export function storageWithLog(
  voters: number[],
  termsFrom2: number[],
  hs: { term?: number; vote?: number; commit?: number } = {},
): MemoryStorage {
  const s = new MemoryStorage();
  bootstrapStorage(s, voters);
  s.append(termsFrom2.map((term, i) => ({ term, index: i + 2, type: 'ENTRY_NORMAL' as const, data: Buffer.from(`${i + 2}@${term}`) })));
  const lastTerm = termsFrom2.length > 0 ? termsFrom2[termsFrom2.length - 1]! : 1;
  s.setHardState({ term: hs.term ?? lastTerm, vote: hs.vote ?? NONE, commit: hs.commit ?? 1 });
  return s;
}

/** A network whose members 1..n are all voters. */
export function cluster(n: number, opts: Omit<NetworkOptions, 'voters'> = {}): Network {
  return new Network({ voters: Array.from({ length: n }, (_, i) => i + 1), ...opts });
}
