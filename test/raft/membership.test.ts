// Membership changes, one server at a time, with learners (Raft thesis §4.1-4.2.1). A change takes
// effect when its entry is applied (applyConfChange).
import { describe, expect, it } from 'vitest';

import { ProposalDroppedError } from '../../src/raft/index.js';
import { ELECTION_TICKS as T, type Network, cluster, isMsg } from './harness.js';

/** A 3-voter cluster led by 1, plus an empty member 4 added as a learner (applied everywhere). */
function withLearner(): Network {
  const net = cluster(3);
  net.elect(1);
  net.addMember(4);
  net.proposeConfChange(1, { type: 'CONF_CHANGE_ADD_LEARNER', nodeId: 4 });
  net.stabilize();
  net.tickAll(2);
  return net;
}

describe('learners', () => {
  it('a new learner receives the log (snapshot first, then appends) and the configuration', () => {
    const net = withLearner();
    for (const id of [1, 2, 3, 4]) {
      expect(net.get(id).confState, `configuration applied by ${id}`).toEqual({ voters: [1, 2, 3], learners: [4] });
    }
    expect(net.get(4).snapshots.map((s) => s.metadata!.index), 'snapshots 4 installed (the bootstrap one)').toEqual([1]);
    expect(net.logShape(4), "the learner's log").toEqual(net.logShape(1));
    net.propose(1, 'x');
    net.stabilize();
    expect(net.appliedData(4)).toEqual(['x']);
  });

  it('a learner does not count for commit', () => {
    const net = withLearner();
    net.isolate(2);
    net.isolate(3);
    net.propose(1, 'needs a voter');
    net.stabilize();
    expect(net.logShape(4).at(-1), "the learner's last entry").toBe(net.logShape(1).at(-1));
    expect(net.node(1).raft.log.committed, 'commit with the leader and the learner only').toBe(net.node(1).raft.log.lastIndex() - 1);
    expect(net.appliedData(1)).toEqual([]);
    net.heal();
    net.tickAll(1);
    expect(net.appliedData(1)).toEqual(['needs a voter']);
  });

  it('a learner never campaigns, even when it hears from nobody', () => {
    const net = withLearner();
    net.isolate(4);
    net.tickAll(10 * T);
    expect(net.node(4).raft.role).toBe('follower');
    expect(net.sentWhere((m) => m.from === 4 && (m.type === 'MSG_PRE_VOTE' || m.type === 'MSG_VOTE')), 'vote requests from the learner').toEqual([]);
    expect(() => net.node(4).campaign()).not.toThrow();
    net.stabilize();
    expect(net.node(4).raft.role, 'role of the learner after an explicit campaign()').toBe('follower');
  });

  it('a learner is not asked for votes', () => {
    const net = withLearner();
    net.stop(1);
    net.tickAll(3 * T);
    expect(net.sentWhere((m) => m.to === 4 && (m.type === 'MSG_PRE_VOTE' || m.type === 'MSG_VOTE')), 'vote requests to the learner').toEqual([]);
    expect([2, 3]).toContain(net.leader());
  });

  it('ADD_VOTER on a learner promotes it: it counts for commit and may campaign', () => {
    const net = withLearner();
    net.proposeConfChange(1, { type: 'CONF_CHANGE_ADD_VOTER', nodeId: 4 });
    net.stabilize();
    for (const id of [1, 2, 3, 4]) expect(net.get(id).confState, `configuration at ${id}`).toEqual({ voters: [1, 2, 3, 4], learners: [] });
    // With 4 voters a majority is 3: the leader, 2 and the former learner suffice.
    net.isolate(3);
    net.propose(1, 'x');
    net.stabilize();
    expect(net.appliedData(1), 'applied with 1, 2 and 4').toEqual(['x']);
    net.node(1).transferLeadership(4);
    net.stabilize();
    expect(net.leader(), 'leader after a transfer to the promoted node').toBe(4);
  });
});

describe('removing members', () => {
  it('a removed follower gets nothing more; the others commit without it', () => {
    const net = cluster(3);
    net.elect(1);
    net.proposeConfChange(1, { type: 'CONF_CHANGE_REMOVE', nodeId: 3 });
    net.stabilize();
    expect(net.get(1).confState).toEqual({ voters: [1, 2], learners: [] });
    const before = net.sent.length;
    net.propose(1, 'x');
    net.tickAll(3);
    expect(net.sent.slice(before).filter((m) => m.to === 3), 'messages to the removed node').toEqual([]);
    expect(net.appliedData(2)).toEqual(['x']);
  });

  it('a removed node does not campaign', () => {
    const net = cluster(3);
    net.elect(1);
    net.proposeConfChange(1, { type: 'CONF_CHANGE_REMOVE', nodeId: 3 });
    net.stabilize();
    expect(net.get(3).confState, 'configuration applied by 3').toEqual({ voters: [1, 2], learners: [] });
    net.tickAll(5 * T);
    expect(net.sentWhere((m) => m.from === 3 && (m.type === 'MSG_PRE_VOTE' || m.type === 'MSG_VOTE'))).toEqual([]);
  });

  it('removing the leader: it steps down once the change is applied, and the others elect a new leader', () => {
    const net = cluster(3);
    net.elect(1);
    net.proposeConfChange(1, { type: 'CONF_CHANGE_REMOVE', nodeId: 1 });
    net.stabilize();
    expect(net.node(1).raft.role, 'role of the removed leader').toBe('follower');
    expect(net.get(1).confState).toEqual({ voters: [2, 3], learners: [] });
    let ticks = 0;
    while (net.leader() === 0 && ticks < 5 * T) {
      net.tickAll(1);
      ticks++;
    }
    const l = net.leader();
    expect([2, 3], 'new leader').toContain(l);
    for (const id of [2, 3]) expect(net.get(id).confState, `configuration at ${id}`).toEqual({ voters: [2, 3], learners: [] });
    net.propose(l, 'after');
    net.stabilize();
    expect(net.appliedData(l === 2 ? 3 : 2)).toEqual(['after']);
  });

  it('demoting the leader to learner: it steps down too', () => {
    const net = cluster(3);
    net.elect(1);
    net.proposeConfChange(1, { type: 'CONF_CHANGE_ADD_LEARNER', nodeId: 1 });
    net.stabilize();
    expect(net.node(1).raft.role).toBe('follower');
    net.tickAll(4 * T);
    expect([2, 3]).toContain(net.leader());
  });
});

describe('one change at a time', () => {
  it('a second change while one is pending (not yet applied) is refused with ProposalDroppedError', () => {
    const net = cluster(3);
    net.elect(1);
    net.proposeConfChange(1, { type: 'CONF_CHANGE_ADD_LEARNER', nodeId: 4 });
    expect(() => net.proposeConfChange(1, { type: 'CONF_CHANGE_ADD_LEARNER', nodeId: 5 })).toThrow(/configuration change is already in progress/);
    net.stabilize();
    // Applied: the next change is accepted.
    net.proposeConfChange(1, { type: 'CONF_CHANGE_ADD_LEARNER', nodeId: 5 });
    net.stabilize();
    expect(net.get(1).confState).toEqual({ voters: [1, 2, 3], learners: [4, 5] });
  });

  it('a new leader refuses changes until everything before its term is applied', () => {
    // No check-quorum: 3 must vote for 2 right after hearing from 1.
    const net = cluster(3, { config: { checkQuorum: false } });
    net.elect(1);
    // 'x' reaches 2 only, and 1 dies before anyone learns that it is committed.
    net.propose(1, 'x');
    net.processReady(1);
    net.deliver(isMsg('MSG_APP', 1, 2));
    net.discard(() => true);
    net.processReadies();
    net.discard(() => true);
    net.stop(1);
    net.node(2).campaign();
    // 2 wins term 3, but its no-op (and so 'x') is not committed yet.
    for (let i = 0; i < 10 && net.node(2).raft.role !== 'leader'; i++) {
      net.processReadies();
      net.deliver((m) => m.type !== 'MSG_APP');
    }
    expect(net.node(2).raft.role).toBe('leader');
    expect(() => net.proposeConfChange(2, { type: 'CONF_CHANGE_ADD_LEARNER', nodeId: 4 }), "a change before 'x' is applied").toThrow(
      ProposalDroppedError,
    );
    net.stabilize();
    expect(net.appliedData(2)).toEqual(['x']);
    net.proposeConfChange(2, { type: 'CONF_CHANGE_ADD_LEARNER', nodeId: 4 });
    net.stabilize();
    expect(net.get(2).confState.learners, 'learners once the change could be made').toEqual([4]);
  });

  it('removing the last voter is refused', () => {
    const net = cluster(1);
    net.elect(1);
    let err: unknown = null;
    try {
      net.proposeConfChange(1, { type: 'CONF_CHANGE_REMOVE', nodeId: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProposalDroppedError);
    expect((err as Error).message).toMatch(/last voter/);
  });

  // Regression: this failed against the first version of the core.
  it('demoting the last voter to learner is refused too', () => {
    const net = cluster(1);
    net.elect(1);
    let err: unknown = null;
    try {
      net.proposeConfChange(1, { type: 'CONF_CHANGE_ADD_LEARNER', nodeId: 1 });
    } catch (e) {
      err = e;
    }
    net.stabilize();
    expect(net.get(1).confState.voters, 'voters after the demotion was proposed').toEqual([1]);
    expect(err, 'error from proposeConfChange').toBeInstanceOf(ProposalDroppedError);
  });

  // Regression: this failed against the first version of the core.
  it('a forwarded removal of the last voter, made from a stale configuration, is refused by the leader', () => {
    const net = cluster(2);
    net.elect(1);
    net.proposeConfChange(1, { type: 'CONF_CHANGE_REMOVE', nodeId: 2 });
    net.processReady(1);
    net.deliver(isMsg('MSG_APP', 1, 2));
    net.processReady(2);
    net.deliver(isMsg('MSG_APP_RESP', 2, 1));
    net.processReady(1); // committed and applied on 1
    net.discard(() => true); // 2 never learns that it was removed
    expect(net.get(1).confState.voters).toEqual([1]);
    expect(net.get(2).confState.voters, "2's stale configuration").toEqual([1, 2]);
    try {
      net.proposeConfChange(2, { type: 'CONF_CHANGE_REMOVE', nodeId: 1 });
    } catch {
      // refused locally: fine
    }
    net.stabilize();
    expect(net.get(1).confState.voters, 'voters on 1 after the stale removal').toEqual([1]);
  });

  it('a follower forwards a change to the leader like any proposal', () => {
    const net = cluster(3);
    net.elect(1);
    net.proposeConfChange(2, { type: 'CONF_CHANGE_ADD_LEARNER', nodeId: 4 });
    net.processReadies();
    expect(net.queued(isMsg('MSG_PROP', 2, 1)).length).toBe(1);
    net.stabilize();
    expect(net.get(3).confState.learners).toEqual([4]);
  });

  it('a node with a committed but unapplied change does not campaign', () => {
    const net = cluster(3);
    net.elect(1);
    net.proposeConfChange(1, { type: 'CONF_CHANGE_ADD_LEARNER', nodeId: 4 });
    // Let 2 learn that the change is committed, but keep 2 from applying it: take its Ready
    // without processing the committed entries.
    net.processReady(1);
    net.deliver();
    net.processReadies();
    net.deliver();
    net.processReady(1);
    net.deliver(isMsg('MSG_APP', 1, 2));
    const r2 = net.node(2).raft;
    expect(r2.log.committed, 'commit index known to 2').toBeGreaterThan(r2.log.applied);
    net.node(2).campaign();
    expect(r2.role, 'role of 2 after campaign() with an unapplied committed change').toBe('follower');
    net.stabilize(); // 2 applies the change
    expect(r2.log.applied).toBe(r2.log.committed);
    net.node(2).campaign();
    expect(r2.role, 'role of 2 after campaign() once the change is applied').toBe('pre-candidate');
  });
});
