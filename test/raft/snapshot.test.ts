// Snapshots (Raft paper §7): a follower that needs compacted entries gets the leader's snapshot,
// streamed in chunks of snapshotChunkBytes, one chunk in flight at a time.
import { describe, expect, it } from 'vitest';

import { type Message } from '../../src/raft/index.js';
import { Network, cluster, isMsg } from './harness.js';

const DATA = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'.repeat(3).slice(0, 100));

/**
 * 3 nodes with 10-byte chunks; 3 misses 'a'..'e', the leader snapshots (100 bytes of data) at the
 * last applied index and compacts its log up to it, then commits 'f' and 'g' after the snapshot.
 * Returns before 3 is healed.
 */
function lagging(): { net: Network; snapIndex: number } {
  const net = cluster(3, { config: { snapshotChunkBytes: 10 } });
  net.elect(1);
  net.isolate(3);
  for (const d of ['a', 'b', 'c', 'd', 'e']) net.propose(1, d);
  net.stabilize();
  const leader = net.get(1);
  const snapIndex = leader.appliedIndex;
  leader.storage.createSnapshot(snapIndex, leader.confState, DATA);
  leader.storage.compact(snapIndex);
  for (const d of ['f', 'g']) net.propose(1, d);
  net.stabilize();
  expect(net.node(1).raft.log.firstIndex(), "leader's first index after compaction").toBe(snapIndex + 1);
  return { net, snapIndex };
}

const chunksTo3 = (net: Network) => net.sentWhere(isMsg('MSG_SNAP', 1, 3));

describe('snapshot transfer', () => {
  it('a lagging follower gets the snapshot in 10 chunks of at most 10 bytes, installs it, then catches up by appends', () => {
    const { net, snapIndex } = lagging();
    net.heal();
    net.tickAll(3);
    const chunks = chunksTo3(net);
    expect(chunks.length, 'MSG_SNAP messages to 3').toBe(10);
    chunks.forEach((m, i) => {
      const c = m.snapshot!;
      expect(c.data.length, `bytes in chunk ${i}`).toBeLessThanOrEqual(10);
      expect([c.offset, c.totalBytes, c.metadata!.index], `offset, total and snapshot index of chunk ${i}`).toEqual([i * 10, 100, snapIndex]);
    });
    const follower = net.get(3);
    expect(follower.snapshots.length, 'snapshots applied by 3').toBe(1);
    expect(follower.snapshots[0]!.data.equals(DATA), 'the snapshot data 3 applied is the leader’s').toBe(true);
    expect(follower.storage.snapshot().metadata!.index, "index of 3's persisted snapshot").toBe(snapIndex);
    expect(follower.snapshots[0]!.metadata!.confState, 'configuration in the snapshot').toEqual({ voters: [1, 2, 3], learners: [] });
    expect(net.appliedData(3), 'entries 3 applied after the snapshot').toEqual(['f', 'g']);
    expect(net.logShape(3), "3's log").toEqual(net.logShape(1));
    expect(net.node(1).status().progress!.get(3)!.state, "3's progress").toBe('replicate');
  });

  it('the first append after the snapshot follows it (a follower does not need the compacted entries)', () => {
    const { net, snapIndex } = lagging();
    net.heal();
    net.tickAll(3);
    const after = net.sent.slice(net.sent.lastIndexOf(chunksTo3(net).at(-1)!));
    const firstApp = after.find((m) => m.type === 'MSG_APP' && m.to === 3 && m.entries.length > 0);
    expect(firstApp?.index, 'previous index of the first append after the snapshot').toBe(snapIndex);
  });

  it('a lost chunk is sent again after a heartbeat, and the transfer completes', () => {
    const { net, snapIndex } = lagging();
    net.heal();
    // Lose the last chunk: nothing after it can tell the follower that it is missing.
    const loseLast = net.drop((m) => m.type === 'MSG_SNAP' && m.snapshot!.offset === 90);
    net.tickAll(1);
    expect(net.get(3).snapshots.length, 'snapshots installed by 3 while the last chunk is lost').toBe(0);
    expect(net.dropped.filter(isMsg('MSG_SNAP')).map((m) => m.snapshot!.offset), 'offsets of the lost chunks').toEqual([90]);
    loseLast();
    net.tickAll(3);
    const offsets = chunksTo3(net).map((m) => m.snapshot!.offset);
    expect(offsets, 'offsets of all chunks sent (90 twice)').toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 90]);
    expect(net.get(3).storage.snapshot().metadata!.index).toBe(snapIndex);
    expect(net.get(3).snapshots[0]!.data.equals(DATA)).toBe(true);
    expect(net.appliedData(3)).toEqual(['f', 'g']);
  });

  it('a chunk lost in the middle: the transfer completes', () => {
    const { net } = lagging();
    net.heal();
    let n = 0;
    net.drop((m) => m.type === 'MSG_SNAP' && ++n === 3);
    net.tickAll(3);
    expect(net.get(3).snapshots[0]?.data.equals(DATA), 'snapshot installed by 3').toBe(true);
    expect(net.appliedData(3)).toEqual(['f', 'g']);
  });

  // Regression: with a window of chunks in flight, an earlier working-tree version answered each
  // refusal of the out-of-order chunks after a loss by resending the whole window (66 chunks for
  // 10 here); the leader now waits for the next heartbeat response to go back once.
  it('a chunk lost in the middle costs at most one resend of the chunks after it', () => {
    const { net } = lagging();
    net.heal();
    let n = 0;
    net.drop((m) => m.type === 'MSG_SNAP' && ++n === 3);
    net.tickAll(3);
    expect(chunksTo3(net).length, 'chunks sent for a 10-chunk snapshot with one (the 3rd) lost').toBeLessThanOrEqual(10 + 8);
  });

  // Regression: this failed against the first version of the core.
  it('a heartbeat while the chunks are merely slow (not lost) does not resend the whole window', () => {
    const { net } = lagging();
    net.heal();
    // Everything but the chunks flows; the chunks are slow (they stay queued).
    const settleExceptChunks = () => {
      for (let i = 0; i < 50; i++) {
        net.processReadies();
        if (net.deliver((m) => m.type !== 'MSG_SNAP') === 0) break;
      }
    };
    net.tick(1); // heartbeat: 3 answers, is probed, and the transfer starts
    settleExceptChunks();
    const first = chunksTo3(net).length;
    expect(first, 'chunks sent when the transfer started').toBe(10);
    net.tick(1); // next heartbeat, while all 10 chunks are still on their way
    settleExceptChunks();
    const resent = chunksTo3(net).length - first;
    net.stabilize();
    expect(net.get(3).snapshots.length, 'snapshot installed in the end').toBe(1);
    expect(resent, 'chunks resent on one heartbeat while all 10 were in flight').toBeLessThanOrEqual(1);
  });

  it('a lost chunk acknowledgement does not stop the transfer', () => {
    const { net } = lagging();
    net.heal();
    let n = 0;
    net.drop((m) => m.type === 'MSG_SNAP_RESP' && !m.reject && ++n === 3);
    net.tickAll(4);
    expect(net.get(3).snapshots[0]?.data.equals(DATA), 'snapshot installed by 3').toBe(true);
    expect(net.appliedData(3)).toEqual(['f', 'g']);
  });

  it('the leader sends no appends to a follower while its snapshot is in transfer', () => {
    const { net } = lagging();
    net.heal();
    let transferring = false;
    const appsDuringTransfer: Message[] = [];
    net.drop((m) => {
      if (m.type === 'MSG_SNAP' && m.to === 3) transferring = m.snapshot!.offset + m.snapshot!.data.length < m.snapshot!.totalBytes;
      else if (transferring && m.type === 'MSG_APP' && m.to === 3) appsDuringTransfer.push(m);
      return false;
    });
    net.tickAll(1);
    net.propose(1, 'h'); // a proposal while the chunks stream
    net.tickAll(3);
    expect(appsDuringTransfer, 'appends to 3 between its first and last chunk').toEqual([]);
    expect(net.appliedData(3)).toEqual(['f', 'g', 'h']);
  });
});
