// The deliberately broken variants of the core that the simulator must catch.
import type { TestingBugs } from '../../src/raft/index.js';

export const BUGS = {
  /** Raft paper Figure 8: commit a previous-term entry by counting its replicas. */
  'commit-previous-term': { commitPreviousTerm: true },
  /** Grant votes to candidates whose log is behind ours. */
  'vote-without-log-check': { voteWithoutLogCheck: true },
  /** Reply to a vote request without the vote being persisted first. */
  'vote-before-persist': { voteBeforePersist: true },
} satisfies Record<string, TestingBugs>;

export type BugName = keyof typeof BUGS;
