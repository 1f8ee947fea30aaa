// Log replication and the commit rule (Raft paper §5.3, §5.4.2 and Figure 8).
import { describe, expect, it } from 'vitest';

import { type Message } from '../../src/raft/index.js';
import { Network, cluster, isMsg, storageWithLog } from './harness.js';

describe('appending and committing', () => {
  it('a new leader appends an empty entry of its own term at once', () => {
    const net = cluster(3);
    net.elect(1);
    const log = net.log(1);
    const last = log[log.length - 1]!;
    expect(last, 'last entry of the new leader').toMatchObject({ index: 2, term: 2, type: 'ENTRY_NORMAL' });
    expect(last.data.length, 'size of the no-op').toBe(0);
    for (const id of [2, 3]) expect(net.logShape(id), `log of follower ${id}`).toEqual(['2:2']);
    expect(net.node(1).raft.log.committed, 'commit index once the no-op is replicated').toBe(2);
  });

  it('an entry is committed once a majority stored it, not before, and then applied everywhere', () => {
    const net = cluster(5);
    net.elect(1);
    net.isolate(4);
    net.isolate(5);
    net.isolate(3);
    net.propose(1, 'x');
    net.stabilize();
    expect(net.node(1).raft.log.committed, 'commit with 2 of 5 replicas').toBe(2);
    net.heal();
    net.isolate(4);
    net.isolate(5);
    net.tickAll(1); // heartbeat: 3 catches up
    expect(net.node(1).raft.log.committed, 'commit with 3 of 5 replicas').toBe(3);
    for (const id of [1, 2, 3]) expect(net.appliedData(id), `applied by ${id}`).toEqual(['x']);
    expect(net.appliedData(4), 'applied by the isolated 4').toEqual([]);
  });

  it('followers learn the commit index from the next append or heartbeat', () => {
    const net = cluster(3);
    net.elect(1);
    net.propose(1, 'y');
    net.stabilize();
    for (const id of [2, 3]) expect(net.hardState(id).commit, `persisted commit of ${id}`).toBe(3);
  });

  it('an append is only accepted if the entry before it matches (log matching)', () => {
    const net = new Network({ voters: [1, 2, 3], storage: (id) => (id === 2 ? storageWithLog([1, 2, 3], [2, 2]) : undefined) });
    // 2 has 2@2, 3@2. An append after (3, term 3) does not match; one after (3, term 2) does.
    net.inject({ type: 'MSG_APP', from: 1, to: 2, term: 3, index: 3, logTerm: 3, entries: [{ index: 4, term: 3, type: 'ENTRY_NORMAL', data: Buffer.from('a') }] });
    net.inject({ type: 'MSG_APP', from: 1, to: 2, term: 3, index: 3, logTerm: 2, entries: [{ index: 4, term: 3, type: 'ENTRY_NORMAL', data: Buffer.from('b') }] });
    net.processReadies();
    const resp = net.queued(isMsg('MSG_APP_RESP', 2, 1));
    expect(resp.map((m) => [m.reject, m.index]), 'answers: reject the mismatch, accept up to 4').toEqual([
      [true, 3],
      [false, 4],
    ]);
    expect(net.logShape(2)).toEqual(['2:2', '3:2', '4:3']);
  });
});

describe('batching proposals', () => {
  // Regression: this failed against the first version of the core.
  it('proposals made between two Readies reach each follower in one append', () => {
    const net = cluster(3);
    net.elect(1);
    for (let i = 0; i < 5; i++) net.propose(1, `p${i}`);
    net.processReady(1);
    for (const id of [2, 3]) {
      const apps = net.queued(isMsg('MSG_APP', 1, id));
      expect(apps.map((m) => m.entries.length), `entries per append to ${id}`).toEqual([5]);
    }
  });

  it('proposals made while a probe to a follower is unanswered go to it together in one append', () => {
    const net = cluster(3);
    net.elect(1);
    net.isolate(3);
    net.propose(1, 'lost');
    net.stabilize();
    net.heal();
    // The transport reports 3 unreachable: the leader falls back to probing it.
    net.node(1).reportUnreachable(3);
    expect(net.node(1).status().progress!.get(3)!.state).toBe('probe');
    // The proposals made before the next Ready leave together, with the probe.
    for (let i = 0; i < 5; i++) net.propose(1, `p${i}`);
    net.stabilize();
    const apps = net.sentWhere((m) => m.type === 'MSG_APP' && m.to === 3 && m.entries.length > 0).map((m) => m.entries.map((e) => e.data.toString()));
    expect(apps.slice(-1), 'the last append to 3').toEqual([['lost', 'p0', 'p1', 'p2', 'p3', 'p4']]);
    expect(net.appliedData(3)).toEqual(['lost', 'p0', 'p1', 'p2', 'p3', 'p4']);
  });
});

describe('a leader commits only entries of its own term by counting replicas (Figure 8)', () => {
  // The situation of the Raft paper's Figure 8 (c): index 1 is the bootstrap snapshot (term 1);
  // S1 led term 2 and wrote index 2 (term 2) to itself and S2; S5 led term 3 and wrote index 2 of
  // term 3 to itself only. Now S1 campaigns and becomes leader of term 4, and replicates index 2
  // to S3 and S4 (so a majority stores it) while its own term-4 entry (the no-op at index 3) is
  // held back. Each append carries one entry (maxAppendBytes = 1) so the two can be separated.
  function figure8(testingBugs = {}) {
    const logs: Record<number, number[]> = { 1: [2], 2: [2], 3: [], 4: [], 5: [3] };
    const net = new Network({
      voters: [1, 2, 3, 4, 5],
      // No check-quorum (so no lease): S5 must be able to win later without ticking anyone.
      config: { maxAppendBytes: 1, checkQuorum: false, testingBugs },
      storage: (id) => storageWithLog([1, 2, 3, 4, 5], logs[id]!, { term: 3 }),
    });
    // Hold back every append that would store the term-4 entry (those that its recipient would
    // reject go through, so that S1 probes S3 and S4 down to index 2), and every append to S5.
    const holdBack = (m: Message) =>
      m.type === 'MSG_APP' &&
      (m.to === 5 || (m.entries.some((e) => e.term === 4) && net.node(m.to).raft.log.matchTerm(m.index, m.logTerm)));
    const release = net.drop(holdBack);
    net.elect(1);
    expect(net.node(1).raft.term, 'term of the new leader S1').toBe(4);
    const pr = net.node(1).status().progress!;
    expect([3, 4].map((id) => pr.get(id)!.match), 'S1 knows S3 and S4 hold index 2').toEqual([2, 2]);
    return { net, release };
  }

  it('index 2 (term 2) stored on a majority is not committed by the term-4 leader', () => {
    const { net } = figure8();
    expect(net.node(1).raft.log.committed, 'commit index of S1 (index 2 is of an older term)').toBe(1);
    expect(net.appliedData(1), 'applied by S1').toEqual([]);
  });

  it('and rightly so: S5 can still be elected and overwrite index 2 everywhere (Figure 8 d)', () => {
    const { net } = figure8();
    net.stop(1);
    net.heal();
    net.elect(5);
    expect(net.node(5).raft.term, 'term of S5 as leader').toBe(5);
    for (const id of [2, 3, 4, 5]) expect(net.logShape(id).slice(0, 1), `index 2 on S${id}`).toEqual(['2:3']);
    expect(net.appliedData(3), 'S3 applies the term-3 entry').toEqual(['2@3']);
  });

  it('once an entry of term 4 is stored on a majority, it and index 2 commit (Figure 8 e)', () => {
    const { net, release } = figure8();
    release();
    net.tickAll(1);
    expect(net.node(1).raft.log.committed, 'commit index of S1').toBe(3);
    for (const id of [1, 2, 3, 4]) expect(net.appliedData(id), `applied by S${id}`).toEqual(['2@2']);
    // S5's conflicting entry is replaced as well.
    expect(net.logShape(5)).toEqual(['2:2', '3:4']);
  });

  it('the commitPreviousTerm test bug commits index 2 early, and S5 then overwrites a committed entry', () => {
    const { net } = figure8({ commitPreviousTerm: true });
    expect(net.node(1).raft.log.committed, 'commit index of S1 with the bug').toBe(2);
    expect(net.appliedData(1), 'S1 applied index 2 of term 2').toEqual(['2@2']);
    net.stop(1);
    net.heal();
    net.elect(5);
    expect(net.appliedData(3), 'S3 applies a different entry at index 2: the state machines diverge').toEqual(['2@3']);
  });
});
