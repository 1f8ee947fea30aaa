// Proposals: forwarding from followers to the leader, and ProposalDroppedError when there is
// nobody to take them.
import { describe, expect, it } from 'vitest';

import { ProposalDroppedError } from '../../src/raft/index.js';
import { cluster, isMsg } from './harness.js';

function dropped(f: () => void): ProposalDroppedError {
  try {
    f();
  } catch (e) {
    expect(e, 'the error thrown').toBeInstanceOf(ProposalDroppedError);
    return e as ProposalDroppedError;
  }
  throw new Error('expected a ProposalDroppedError, nothing was thrown');
}

describe('proposal forwarding', () => {
  it('a follower forwards a proposal to the leader, which replicates and commits it', () => {
    const net = cluster(3);
    net.elect(1);
    net.propose(2, 'from 2');
    net.processReadies();
    const fwd = net.queued(isMsg('MSG_PROP', 2));
    expect(fwd.map((m) => [m.to, m.entries.map((e) => e.data.toString())]), 'forwarded proposal').toEqual([[1, ['from 2']]]);
    net.stabilize();
    for (const id of [1, 2, 3]) expect(net.appliedData(id), `applied by ${id}`).toEqual(['from 2']);
  });

  it('with no leader known, propose throws ProposalDroppedError saying so', () => {
    const net = cluster(3);
    const e = dropped(() => net.propose(1, 'x'));
    expect(e.leader, 'leader in the error').toBe(0);
    expect(e.message).toMatch(/no leader is known/);
  });

  it('a (pre-)candidate drops proposals: an election is in progress', () => {
    const net = cluster(3);
    net.node(1).campaign();
    const e = dropped(() => net.propose(1, 'x'));
    expect(e.message).toMatch(/election is in progress; no leader is known/);
  });

  it('with disableProposalForwarding a follower refuses, naming the leader', () => {
    const net = cluster(3, { config: { disableProposalForwarding: true } });
    net.elect(1);
    const e = dropped(() => net.propose(2, 'x'));
    expect(e.leader, 'leader in the error').toBe(1);
    expect(e.message).toMatch(/leader is 1/);
    net.stabilize();
    expect(net.sentWhere(isMsg('MSG_PROP')), 'forwarded proposals').toEqual([]);
    // The leader itself still takes proposals.
    net.propose(1, 'y');
    net.stabilize();
    expect(net.appliedData(2)).toEqual(['y']);
  });

  it('a proposal forwarded to a node that is no longer leader is forwarded on or dropped, never appended there', () => {
    const net = cluster(3);
    net.elect(1);
    net.propose(3, 'late');
    net.processReadies();
    // Leadership moves to 2 before the forwarded proposal arrives at 1.
    const fwd = net.discard(isMsg('MSG_PROP', 3));
    net.node(1).transferLeadership(2);
    net.stabilize();
    expect(net.leader()).toBe(2);
    net.node(1).step(fwd[0]!);
    net.stabilize();
    for (const id of [1, 2, 3]) expect(net.appliedData(id), `applied by ${id}`).toEqual(['late']);
  });
});
