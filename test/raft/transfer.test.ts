// Leadership transfer (Raft thesis §3.10): the target is brought up to date, then told to
// campaign at once (TimeoutNow); the leader takes no proposals meanwhile and gives up after an
// election timeout.
import { describe, expect, it } from 'vitest';

import { ProposalDroppedError } from '../../src/raft/index.js';
import { ELECTION_TICKS as T, cluster, isMsg } from './harness.js';

describe('leadership transfer', () => {
  it('a lagging target first catches up, then gets TimeoutNow and wins the next term', () => {
    const net = cluster(3);
    net.elect(1);
    net.isolate(3);
    for (const d of ['a', 'b', 'c']) net.propose(1, d);
    net.stabilize();
    net.heal();
    let targetLogAtTimeoutNow: string[] | null = null;
    net.drop((m) => {
      if (m.type === 'MSG_TIMEOUT_NOW') targetLogAtTimeoutNow = net.logShape(3);
      return false;
    });
    net.node(1).transferLeadership(3);
    net.processReady(1);
    expect(net.queued(isMsg('MSG_TIMEOUT_NOW')), 'TimeoutNow before 3 caught up').toEqual([]);
    net.stabilize();
    expect(targetLogAtTimeoutNow, "3's log when TimeoutNow reached it").toEqual(['2:2', '3:2', '4:2', '5:2']);
    expect(net.leader(), 'leader after the transfer').toBe(3);
    expect(net.node(3).raft.term, 'term of the new leader').toBe(3);
    expect(net.node(1).raft.role).toBe('follower');
    expect(net.sentWhere(isMsg('MSG_PRE_VOTE', 3)), 'pre-votes by 3 (TimeoutNow skips pre-vote)').toEqual([]);
  });

  it('the target wins although the other follower is in its lease (the vote request is marked as a transfer)', () => {
    const net = cluster(3);
    net.elect(1);
    net.tickAll(2);
    net.node(1).transferLeadership(2);
    net.stabilize();
    expect(net.leader()).toBe(2);
    const grants = net.sentWhere((m) => m.type === 'MSG_VOTE_RESP' && m.to === 2 && !m.reject).map((m) => m.from);
    expect(grants.sort(), 'votes granted to 2').toEqual([1, 3]);
  });

  it('the leader drops proposals while the transfer is under way', () => {
    const net = cluster(3);
    net.elect(1);
    net.node(1).transferLeadership(2);
    let err: unknown = null;
    try {
      net.propose(1, 'x');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProposalDroppedError);
    expect((err as Error).message).toMatch(/leadership is being transferred to 2; leader is 1/);
    net.stabilize();
    expect(net.leader()).toBe(2);
  });

  it('a transfer to an unreachable node is abandoned after an election timeout; the leader stays and takes proposals again', () => {
    const net = cluster(3);
    net.elect(1);
    net.isolate(3);
    net.node(1).transferLeadership(3);
    net.stabilize();
    expect(net.node(1).status().leadTransferee, 'transfer under way').toBe(3);
    expect(() => net.propose(1, 'during')).toThrow(ProposalDroppedError);
    let ticks = 0;
    while (net.node(1).status().leadTransferee !== 0 && ticks < 3 * T) {
      net.tickAll(1);
      ticks++;
    }
    expect(ticks, 'ticks until the transfer was abandoned').toBeLessThanOrEqual(T);
    expect(net.leader()).toBe(1);
    net.propose(1, 'after');
    net.stabilize();
    expect(net.appliedData(2)).toEqual(['after']);
  });

  it('a follower asked to transfer leadership forwards the request to the leader', () => {
    const net = cluster(3);
    net.elect(1);
    net.node(2).transferLeadership(3);
    net.processReadies();
    expect(net.queued(isMsg('MSG_TRANSFER_LEADER', 3)).map((m) => [m.from, m.to]), 'forwarded request (from = transferee)').toEqual([[3, 1]]);
    net.stabilize();
    expect(net.leader()).toBe(3);
  });

  it('a transfer to the leader itself, or to a node outside the cluster, does nothing', () => {
    const net = cluster(3);
    net.elect(1);
    net.node(1).transferLeadership(1);
    net.node(1).transferLeadership(9);
    net.stabilize();
    expect(net.node(1).status().leadTransferee).toBe(0);
    expect(net.leader()).toBe(1);
    net.propose(1, 'ok');
  });
});
