// Configuration of one Raft node. Times are in ticks: the shell decides how long a tick is.
import type { Rand } from './rng.js';
import type { Storage } from './storage.js';

/** Deliberately broken behaviours, for proving that the simulator catches them. Never set in production. */
export interface TestingBugs {
  /** Commit an entry of a previous term by counting its replicas (the Figure 8 bug). */
  commitPreviousTerm?: boolean;
  /** Grant votes without the up-to-date-log check. */
  voteWithoutLogCheck?: boolean;
  /** Answer vote requests without the vote reaching persisted hard state. */
  voteBeforePersist?: boolean;
}

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
}

export interface RaftConfig {
  id: number;
  storage: Storage;
  /** Election timeout T: a follower campaigns after a random timeout in [T, 2T). */
  electionTicks: number;
  heartbeatTicks: number;
  /** The last applied index when restarting (defaults to the snapshot's index). */
  applied?: number;
  /** Maximum bytes of entries in one append message. */
  maxAppendBytes?: number;
  /** Maximum appends in flight to one follower in replicate state. */
  maxInflightAppends?: number;
  /** Maximum bytes of entries in flight to one follower (0: no limit). */
  maxInflightBytes?: number;
  /** Maximum bytes of committed entries handed out in one Ready. */
  maxApplyBytes?: number;
  /** Bytes of snapshot data per InstallSnapshot chunk. */
  snapshotChunkBytes?: number;
  /** A leader steps down if it has not heard from a majority within an election timeout. */
  checkQuorum?: boolean;
  /** Run a pre-vote round (without raising the term) before a real election. */
  preVote?: boolean;
  /**
   * 'safe' (default): ReadIndex confirms leadership with a heartbeat round.
   * 'lease': the leader answers from its lease without a round trip. Requires checkQuorum and
   * relies on bounded clock drift: every node's tick must not run slower than the leader's by more
   * than the margin between the election timeout and the lease (see docs/architecture.md).
   */
  readOnly?: 'safe' | 'lease';
  /** Followers reject proposals instead of forwarding them to the leader. */
  disableProposalForwarding?: boolean;
  rand: Rand;
  logger?: Logger;
  testingBugs?: TestingBugs;
}

export type ResolvedConfig = Required<Omit<RaftConfig, 'logger' | 'testingBugs' | 'applied'>> &
  Pick<RaftConfig, 'logger' | 'applied'> & { testingBugs: TestingBugs };

export function resolveConfig(c: RaftConfig): ResolvedConfig {
  if (!Number.isInteger(c.id) || c.id <= 0) throw new Error(`raft config: id must be a positive integer, got ${c.id}`);
  if (!(c.heartbeatTicks > 0)) throw new Error('raft config: heartbeatTicks must be > 0');
  if (!(c.electionTicks > c.heartbeatTicks)) throw new Error('raft config: electionTicks must be > heartbeatTicks');
  const r: ResolvedConfig = {
    maxAppendBytes: 1024 * 1024,
    maxInflightAppends: 256,
    maxInflightBytes: 0,
    maxApplyBytes: 64 * 1024 * 1024,
    snapshotChunkBytes: 1024 * 1024,
    checkQuorum: true,
    preVote: true,
    readOnly: 'safe',
    disableProposalForwarding: false,
    ...c,
    testingBugs: c.testingBugs ?? {},
  };
  if (r.readOnly === 'lease' && !r.checkQuorum) throw new Error('raft config: readOnly "lease" requires checkQuorum');
  if (!(r.maxInflightAppends > 0)) throw new Error('raft config: maxInflightAppends must be > 0');
  if (!(r.snapshotChunkBytes > 0)) throw new Error('raft config: snapshotChunkBytes must be > 0');
  return r;
}
