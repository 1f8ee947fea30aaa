// The leader's view of one follower's log (the "tracker" of etcd's raft):
// - probe: we do not know where the follower's log ends; send one append per heartbeat interval
//   and back off on rejection until one matches;
// - replicate: appends are pipelined optimistically, bounded by Inflights;
// - snapshot: the follower needs a snapshot; chunks are in flight (a window of them, like
//   appends) and no appends are sent.
import { Inflights } from './inflights.js';
import type { Snapshot } from './types.js';

export type ProgressState = 'probe' | 'replicate' | 'snapshot';

/** A snapshot being streamed to a follower in chunks. */
export interface SnapshotTransfer {
  snapshot: Snapshot;
  /** Bytes the follower confirmed it holds. */
  ackedBytes: number;
  /** Bytes sent so far; sentBytes - ackedBytes are in flight. */
  sentBytes: number;
  /** ackedBytes when the previous heartbeat answer arrived (no progress since: resend). */
  ackedAtLastHeartbeat: number;
}

export class Progress {
  match = 0;
  next: number;
  state: ProgressState = 'probe';
  /** Probe state: an append was sent and we wait for its answer (or the next heartbeat). */
  probeSent = false;
  /** Snapshot state: the index of the snapshot being sent. */
  pendingSnapshot = 0;
  snapshotTransfer: SnapshotTransfer | null = null;
  /** Heard from within the current election timeout (check-quorum). */
  recentActive = false;
  /** The leader's tick count when it sent the newest heartbeat this follower answered (lease). */
  lastHeartbeatAcked = -Infinity;
  readonly inflights: Inflights;

  constructor(
    next: number,
    maxInflight: number,
    maxInflightBytes: number,
    public isLearner: boolean,
  ) {
    this.next = next;
    this.inflights = new Inflights(maxInflight, maxInflightBytes);
  }

  private resetState(state: ProgressState): void {
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.snapshotTransfer = null;
    this.state = state;
    this.inflights.reset();
  }

  becomeProbe(): void {
    if (this.state === 'snapshot') {
      const pending = this.pendingSnapshot;
      this.resetState('probe');
      this.next = Math.max(this.match + 1, pending + 1);
    } else {
      this.resetState('probe');
      this.next = this.match + 1;
    }
  }

  becomeReplicate(): void {
    this.resetState('replicate');
    this.next = this.match + 1;
  }

  becomeSnapshot(snapshot: Snapshot): void {
    this.resetState('snapshot');
    this.pendingSnapshot = snapshot.metadata!.index;
    this.snapshotTransfer = { snapshot, ackedBytes: 0, sentBytes: 0, ackedAtLastHeartbeat: -1 };
  }

  /** The follower acknowledged entries up to n. Returns false if that was old news. */
  maybeUpdate(n: number): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, n + 1);
    return updated;
  }

  /** An append up to n was sent (replicate state). */
  optimisticUpdate(n: number): void {
    this.next = n + 1;
  }

  /**
   * The follower rejected an append whose previous index was `rejected`; `matchHint` is where it
   * suggests to retry. Returns false if the rejection is stale (out of order or duplicated).
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === 'replicate') {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), 1);
    this.probeSent = false;
    return true;
  }

  isPaused(): boolean {
    switch (this.state) {
      case 'probe':
        return this.probeSent;
      case 'replicate':
        return this.inflights.full();
      case 'snapshot':
        return true;
    }
  }
}
