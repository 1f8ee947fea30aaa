// RaftNode: the API the shell drives (in the style of etcd's RawNode).
//
//   loop:
//     node.tick()                 every tick interval
//     node.step(msg)              for every message received from a peer
//     node.propose(data) ...      for client requests
//     if (node.hasReady()) {
//       const rd = node.ready();
//       persist rd.snapshot, rd.entries and rd.hardState (fsync)      <- before anything else
//       send rd.messages
//       apply rd.snapshot, then rd.committedEntries (applyConfChange for configuration entries)
//       serve rd.readStates once applied >= their index
//       node.advance(rd)
//     }
import { decodeConfChange, encodeConfChange } from './codec.js';
import type { RaftConfig } from './config.js';
import { type Progress } from './progress.js';
import { ProposalDroppedError, Raft } from './raft.js';
import {
  type ConfChange,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  NONE,
  type ReadState,
  type Snapshot,
  type SoftState,
  emptyHardState,
  entry,
  isLocalMessage,
  message,
  sameHardState,
} from './types.js';

export interface Ready {
  /** Leader and role, when they changed. */
  softState: SoftState | null;
  /** Term, vote and commit to persist, when they changed. */
  hardState: HardState | null;
  /** Entries to append to stable storage before sending messages. */
  entries: Entry[];
  /** A snapshot to persist and apply (received from the leader). */
  snapshot: Snapshot | null;
  /** Entries to apply to the state machine (already persisted, or persisted in this Ready). */
  committedEntries: Entry[];
  /** Messages to send after persisting. */
  messages: Message[];
  /** Answers to readIndex requests. */
  readStates: ReadState[];
  /** Whether the writes above must be synced to disk (a new term, vote or entries). */
  mustSync: boolean;
}

export interface ProgressStatus {
  match: number;
  next: number;
  state: Progress['state'];
  isLearner: boolean;
  recentActive: boolean;
}

export interface NodeStatus extends ReturnType<Raft['basicStatus']> {
  confState: ConfState;
  /** Leader only: replication progress of every member. */
  progress: Map<number, ProgressStatus> | null;
}

export { encodeConfChange, decodeConfChange };

export { ProposalDroppedError };

export class RaftNode {
  readonly raft: Raft;
  private prevSoft: SoftState;
  private prevHard: HardState;

  constructor(config: RaftConfig) {
    this.raft = new Raft(config);
    this.prevSoft = { lead: this.raft.lead, role: this.raft.role };
    this.prevHard = this.raft.hardState();
  }

  get id(): number {
    return this.raft.id;
  }

  tick(): void {
    this.raft.tick();
  }

  /** Starts an election now (the application's "campaign" button; also used in tests). */
  campaign(): void {
    this.raft.step(message({ type: 'MSG_HUP', from: this.id }));
  }

  /** Proposes data to be appended to the log. Throws ProposalDroppedError if it cannot be. */
  propose(data: Buffer): void {
    this.proposeEntry(entry(0, 0, data));
  }

  /**
   * Proposes a membership change: add a learner, promote a learner to voter, demote, or remove.
   * Only one change may be pending at a time; the leader refuses another until it is applied.
   */
  proposeConfChange(cc: ConfChange): void {
    // (The leader checks the change against its configuration: at least one voter must remain.)
    this.proposeEntry(entry(0, 0, encodeConfChange(cc), 'ENTRY_CONF_CHANGE'));
  }

  private proposeEntry(e: Entry): void {
    const reason = this.raft.step(message({ type: 'MSG_PROP', from: this.id, entries: [e] }));
    if (reason !== null) throw new ProposalDroppedError(reason, this.raft.lead);
  }

  /** Feeds a message received from a peer. Local-only message types are ignored. */
  step(m: Message): void {
    if (isLocalMessage(m.type) && m.type !== 'MSG_UNREACHABLE') return;
    // A proposal forwarded by a follower that the leader cannot take is simply dropped: the
    // follower's client times out or retries (the proposer cannot be told reliably anyway).
    this.raft.step(m);
  }

  /**
   * Asks for a linearizable read point. The answer arrives as a ReadState carrying `context` in a
   * later Ready; reading the state machine once applied >= index is linearizable.
   */
  readIndex(context: Buffer): void {
    if (context.length === 0) throw new Error('readIndex needs a non-empty context to match the answer');
    const reason = this.raft.step(message({ type: 'MSG_READ_INDEX', from: this.id, context }));
    if (reason !== null) throw new ProposalDroppedError(reason, this.raft.lead);
  }

  /** Asks the leader to hand leadership to `to` (which must be a voter). */
  transferLeadership(to: number): void {
    this.raft.step(message({ type: 'MSG_TRANSFER_LEADER', from: to, to: this.raft.lead }));
  }

  /** Applies a committed configuration change; call it when applying its entry. */
  applyConfChange(cc: ConfChange): ConfState {
    return this.raft.applyConfChange(cc);
  }

  /** The transport could not deliver to `id`. */
  reportUnreachable(id: number): void {
    this.raft.step(message({ type: 'MSG_UNREACHABLE', from: id }));
  }

  private hardStateToPersist(): HardState {
    const hs = this.raft.hardState();
    if (this.raft.cfg.testingBugs.voteBeforePersist) {
      // BUG (test only): the vote is never handed out for persistence, so the vote reply leaves
      // before (without) the vote being durable; a crash forgets it.
      hs.vote = this.prevHard.term === hs.term ? this.prevHard.vote : NONE;
    }
    return hs;
  }

  hasReady(): boolean {
    const r = this.raft;
    r.flushProposals();
    if (r.lead !== this.prevSoft.lead || r.role !== this.prevSoft.role) return true;
    const hs = this.hardStateToPersist();
    if (!sameHardState(hs, this.prevHard) && !sameHardState(hs, emptyHardState())) return true;
    if (r.log.unstable.snapshot !== null) return true;
    return (
      r.msgs.length > 0 ||
      r.log.unstableEntries().length > 0 ||
      r.log.hasNextCommittedEntries() ||
      r.readStates.length > 0
    );
  }

  /** What to persist, send and apply now. Call advance() once done, before the next ready(). */
  ready(): Ready {
    const r = this.raft;
    r.flushProposals();
    const soft: SoftState = { lead: r.lead, role: r.role };
    const softChanged = soft.lead !== this.prevSoft.lead || soft.role !== this.prevSoft.role;
    if (softChanged) this.prevSoft = soft;
    const hs = this.hardStateToPersist();
    const hardChanged = !sameHardState(hs, this.prevHard);
    const entries = r.log.unstableEntries().slice();
    const rd: Ready = {
      softState: softChanged ? soft : null,
      hardState: hardChanged ? hs : null,
      entries,
      snapshot: r.log.unstable.snapshot,
      committedEntries: r.log.nextCommittedEntries(r.cfg.maxApplyBytes),
      messages: r.readMessages(),
      readStates: r.readStates,
      mustSync:
        entries.length > 0 ||
        r.log.unstable.snapshot !== null ||
        (hardChanged && (hs.term !== this.prevHard.term || hs.vote !== this.prevHard.vote)),
    };
    r.readStates = [];
    return rd;
  }

  /** The Ready was persisted, sent and applied. */
  advance(rd: Ready): void {
    const log = this.raft.log;
    if (rd.hardState) this.prevHard = rd.hardState;
    if (rd.snapshot) {
      const i = rd.snapshot.metadata!.index;
      log.stableSnapTo(i);
      if (log.applied < i) log.applied = i;
    }
    if (rd.entries.length > 0) {
      const last = rd.entries[rd.entries.length - 1]!;
      log.stableTo(last.index, last.term);
    }
    if (rd.committedEntries.length > 0) log.appliedTo(rd.committedEntries[rd.committedEntries.length - 1]!.index);
  }

  status(): NodeStatus {
    const r = this.raft;
    let progress: Map<number, ProgressStatus> | null = null;
    if (r.role === 'leader') {
      progress = new Map();
      for (const [id, pr] of r.progress) {
        progress.set(id, { match: pr.match, next: pr.next, state: pr.state, isLearner: pr.isLearner, recentActive: pr.recentActive });
      }
    }
    return { ...r.basicStatus(), confState: r.confState(), progress };
  }
}

/**
 * Writes the initial state of a brand-new cluster into empty storage: a snapshot at index 1
 * (term 1) whose configuration holds the founding voters. Members added later start empty and
 * receive this (or a later) snapshot from the leader, so every member learns the configuration
 * the same way.
 */
export function bootstrapStorage(
  storage: { applySnapshot(s: Snapshot): void; setHardState(h: HardState): void },
  voters: number[],
  data: Buffer = Buffer.alloc(0),
): void {
  if (voters.length === 0) throw new Error('bootstrap needs at least one voter');
  storage.applySnapshot({ metadata: { index: 1, term: 1, confState: { voters: [...voters], learners: [] } }, data });
  storage.setHardState({ term: 1, vote: NONE, commit: 1 });
}
