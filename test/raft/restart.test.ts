// Crash and restart: what a node finds in its storage, and what it hands out again.
import { describe, expect, it } from 'vitest';

import { MemoryStorage, RaftNode, bootstrapStorage, seededRand } from '../../src/raft/index.js';
import { cluster } from './harness.js';

describe('restart', () => {
  it('a restarted node keeps its term, vote, commit index and log, and rejoins as a follower', () => {
    const net = cluster(3);
    net.elect(1);
    net.propose(1, 'a');
    net.propose(1, 'b');
    net.stabilize();
    const before = { hs: net.hardState(2), log: net.logShape(2) };
    net.stop(2);
    net.restart(2);
    const r = net.node(2).raft;
    expect({ term: r.term, vote: r.vote, commit: r.log.committed }, 'state after the restart').toEqual(before.hs);
    expect(net.logShape(2)).toEqual(before.log);
    expect(r.role).toBe('follower');
    net.propose(1, 'c');
    net.stabilize();
    expect(net.appliedData(2), 'entries 2 (re)applies after the restart').toEqual(['a', 'b', 'c']);
  });

  it('entries handed out but never persisted are gone after a crash; the leader sends them again', () => {
    const net = cluster(3);
    net.elect(1);
    net.propose(1, 'x');
    net.processReady(1);
    net.deliver();
    // 2 crashes before handling its Ready: the append it received is lost.
    net.stop(2);
    net.restart(2);
    expect(net.logShape(2)).toEqual(['2:2']);
    net.tickAll(2);
    expect(net.appliedData(2)).toEqual(['x']);
  });

  // Regression: this failed against the first version of the core.
  it("without config.applied, a restarted node starts applying after its snapshot's index", () => {
    const storage = new MemoryStorage();
    bootstrapStorage(storage, [1]);
    const opts = { id: 1, storage, electionTicks: 10, heartbeatTicks: 1, rand: seededRand(7) };
    const node = new RaftNode(opts);
    node.campaign();
    for (const d of ['a', 'b', 'c']) node.propose(Buffer.from(d));
    let applied = 0;
    while (node.hasReady()) {
      const rd = node.ready();
      storage.append(rd.entries);
      if (rd.hardState) storage.setHardState(rd.hardState);
      if (rd.committedEntries.length > 0) applied = rd.committedEntries.at(-1)!.index;
      node.advance(rd);
    }
    expect(applied, 'applied before the crash: no-op at 2, a, b, c').toBe(5);
    // Snapshot at 5, keeping a tail of 2 entries (compacted up to 3).
    storage.createSnapshot(5, { voters: [1], learners: [] }, Buffer.from('a,b,c'));
    storage.compact(3);
    const restarted = new RaftNode(opts);
    const again = restarted.hasReady() ? restarted.ready().committedEntries.map((e) => e.index) : [];
    expect(again, 'entries handed out again although the snapshot at 5 holds them').toEqual([]);
  });
});
