// Pre-vote (Raft thesis §9.6) and check-quorum with its leader lease: keeping partitioned nodes
// from disrupting a healthy leader, and making an isolated leader step down.
import { describe, expect, it } from 'vitest';

import { ELECTION_TICKS as T, cluster, isMsg } from './harness.js';

describe('pre-vote', () => {
  it('a pre-vote asks for term+1 but raises the term of neither the pre-candidate nor the voters', () => {
    const net = cluster(3);
    net.node(1).campaign();
    net.processReadies();
    const preVotes = net.queued(isMsg('MSG_PRE_VOTE', 1));
    expect(preVotes.map((m) => m.term), 'terms asked for in the pre-votes').toEqual([2, 2]);
    expect(net.node(1).raft.term, 'term of the pre-candidate').toBe(1);
    expect(net.node(1).raft.role).toBe('pre-candidate');
    net.deliver();
    net.processReadies();
    for (const id of [2, 3]) {
      expect(net.node(id).raft.term, `term of voter ${id} after granting a pre-vote`).toBe(1);
      expect(net.hardState(id).vote, `persisted vote of ${id} (a pre-vote is not a vote)`).toBe(0);
    }
    expect(net.queued(isMsg('MSG_PRE_VOTE_RESP')).map((m) => [m.from, m.term, m.reject])).toEqual([
      [2, 2, false],
      [3, 2, false],
    ]);
    // The granted pre-votes start the real election at term 2.
    net.stabilize();
    expect(net.leader()).toBe(1);
    expect(net.node(1).raft.term).toBe(2);
  });

  it('an isolated node pre-campaigns again and again without ever raising its term', () => {
    const net = cluster(3);
    net.elect(1);
    net.isolate(3);
    net.tickAll(10 * T);
    expect(net.sentWhere(isMsg('MSG_PRE_VOTE', 3)).length, 'pre-votes sent by 3').toBeGreaterThan(3);
    expect(net.sentWhere(isMsg('MSG_VOTE', 3)).length, 'votes requested by 3').toBe(0);
    expect(net.node(3).raft.term, 'term of the isolated node').toBe(2);
    expect(net.hardState(3).term, 'persisted term of the isolated node').toBe(2);
  });

  it('a pre-candidate that loses returns to follower, and nobody changed term', () => {
    // No check-quorum, so no lease: the voters answer the pre-vote on the merits of the logs.
    const net = cluster(3, { config: { checkQuorum: false } });
    net.elect(1);
    net.isolate(3);
    net.propose(1, 'a');
    net.stabilize();
    net.heal();
    net.discard(() => true);
    net.node(3).campaign();
    net.processReadies();
    net.deliver(isMsg('MSG_PRE_VOTE', 3));
    net.processReadies();
    const answers = net.queued(isMsg('MSG_PRE_VOTE_RESP'));
    expect(answers.map((m) => [m.from, m.reject]), 'answers to 3, whose log lacks entry a').toEqual([
      [1, true],
      [2, true],
    ]);
    net.deliver(isMsg('MSG_PRE_VOTE_RESP'));
    expect(net.node(3).raft.role, 'role of 3 after two rejections').toBe('follower');
    for (const id of [1, 2, 3]) expect(net.node(id).raft.term, `term of ${id}`).toBe(2);
    expect(net.node(1).raft.role).toBe('leader');
  });

  it('a partitioned node rejoining does not disrupt the leader', () => {
    const net = cluster(3);
    net.elect(1);
    net.isolate(3);
    net.tickAll(5 * T);
    net.propose(1, 'while 3 was away');
    net.stabilize();
    net.heal();
    net.tickAll(5 * T);
    expect(net.leader(), 'leader after 3 rejoined').toBe(1);
    for (const id of [1, 2, 3]) expect(net.node(id).raft.term, `term of ${id}`).toBe(2);
    expect(net.appliedData(3), 'entries applied by 3 after it rejoined').toEqual(['while 3 was away']);
  });

  it('without pre-vote, the same rejoining node forces a new term (what pre-vote prevents)', () => {
    const net = cluster(3, { config: { preVote: false } });
    net.elect(1);
    net.isolate(3);
    net.tickAll(5 * T);
    expect(net.node(3).raft.term, 'term of the isolated node without pre-vote').toBeGreaterThan(2);
    net.heal();
    net.tickAll(5 * T);
    expect(net.node(1).raft.term, 'term of node 1 after 3 rejoined').toBeGreaterThan(2);
  });
});

describe('check-quorum', () => {
  it('an isolated leader steps down within two election timeouts', () => {
    const net = cluster(3);
    net.elect(1);
    net.tickAll(3); // some heartbeat rounds
    net.isolate(1);
    let ticks = 0;
    while (net.node(1).raft.role === 'leader' && ticks < 5 * T) {
      net.tick(1);
      net.stabilize();
      ticks++;
    }
    expect(net.node(1).raft.role, 'role of the isolated leader').toBe('follower');
    expect(ticks, 'ticks until the isolated leader stepped down').toBeLessThanOrEqual(2 * T);
    expect(net.node(1).raft.lead, 'leader known to the old leader').toBe(0);
  });

  it('a leader hearing from a majority stays leader even if one follower is gone', () => {
    const net = cluster(3);
    net.elect(1);
    net.isolate(3);
    net.tickAll(10 * T);
    expect(net.leader()).toBe(1);
    expect(net.node(1).raft.term).toBe(2);
  });

  // Regression: this failed against the first version of the core.
  it('an isolated leader steps down even while transfer requests keep arriving', () => {
    const net = cluster(3);
    net.elect(1);
    net.isolate(1);
    for (let t = 0; t < 10 * T && net.node(1).raft.role === 'leader'; t++) {
      if (t % (T - 1) === 0) net.node(1).transferLeadership(t % 2 ? 2 : 3);
      net.tick(1);
      net.stabilize();
    }
    expect(net.node(1).raft.role, 'role of the isolated leader after 10 election timeouts').toBe('follower');
  });

  it('without check-quorum an isolated leader stays leader', () => {
    const net = cluster(3, { config: { checkQuorum: false } });
    net.elect(1);
    net.isolate(1);
    net.tick(1, 5 * T);
    expect(net.node(1).raft.role).toBe('leader');
  });

  it('followers in lease ignore vote requests of a higher term (no answer, no term change)', () => {
    // Node 3 runs without pre-vote, so it asks for real votes at term 3 while 1 leads term 2.
    const net = cluster(3, { config: (id) => (id === 3 ? { preVote: false } : {}) });
    net.elect(1);
    net.tickAll(2);
    net.node(3).campaign();
    net.processReadies();
    expect(net.queued(isMsg('MSG_VOTE', 3)).length, 'vote requests from 3').toBe(2);
    net.deliver(isMsg('MSG_VOTE', 3));
    net.processReadies();
    expect(net.queued(isMsg('MSG_VOTE_RESP')), 'answers to 3').toEqual([]);
    for (const id of [1, 2]) {
      expect(net.node(id).raft.term, `term of ${id}`).toBe(2);
      expect(net.hardState(id), `persisted hard state of ${id}`).toMatchObject({ term: 2, vote: 1 });
    }
    expect(net.node(1).raft.role).toBe('leader');
  });

  it('followers in lease ignore pre-vote requests too', () => {
    const net = cluster(3);
    net.elect(1);
    net.tickAll(2);
    net.node(3).campaign();
    net.stabilize();
    expect(net.sentWhere(isMsg('MSG_PRE_VOTE_RESP')).filter((m) => m.to === 3), 'answers to 3').toEqual([]);
    expect(net.node(3).raft.role, 'role of 3').toBe('pre-candidate');
    expect(net.leader()).toBe(1);
  });

  it('once the lease expired (no leader heard for an election timeout), followers answer again', () => {
    const net = cluster(3);
    net.elect(1);
    net.stop(1);
    // 2 and 3 hear nothing; whoever times out first wins the next term.
    net.tickAll(3 * T);
    const l = net.leader();
    expect([2, 3], 'new leader').toContain(l);
    expect(net.node(l).raft.term).toBe(3);
  });
});
