// Leader election (Raft paper §5.2 and §5.4.1): timeouts, majorities, one vote per term, the
// up-to-date log rule, and persisting the vote before answering.
import { describe, expect, it } from 'vitest';

import { type Message, NONE } from '../../src/raft/index.js';
import { ELECTION_TICKS as T, Network, cluster, isMsg, storageWithLog } from './harness.js';

/** The vote responses member `from` sent to `to`, in order. */
function voteResponses(net: Network, from: number, to: number): Message[] {
  return net.sentWhere((m) => (m.type === 'MSG_VOTE_RESP' || m.type === 'MSG_PRE_VOTE_RESP') && m.from === from && m.to === to);
}

describe('election timeout', () => {
  it('a follower that hears nothing campaigns after a randomized timeout in [T, 2T) ticks', () => {
    const seen = new Set<number>();
    for (let seed = 1; seed <= 60; seed++) {
      const net = cluster(3, { seed });
      const node = net.node(1);
      let ticks = 0;
      while (node.raft.role === 'follower' && ticks < 3 * T) {
        node.tick();
        ticks++;
      }
      expect(ticks, `seed ${seed}: ticks until follower 1 campaigns`).toBeGreaterThanOrEqual(T);
      expect(ticks, `seed ${seed}: ticks until follower 1 campaigns`).toBeLessThan(2 * T);
      seen.add(ticks);
    }
    expect(seen.size, 'number of distinct timeouts over 60 seeds (the timeout must be randomized)').toBeGreaterThan(3);
  });

  it('a follower that keeps hearing from the leader never campaigns', () => {
    const net = cluster(3);
    net.elect(1);
    net.tickAll(10 * T);
    expect(net.leader(), 'leader after 10 election timeouts of heartbeats').toBe(1);
    expect(net.node(2).raft.term, 'term of follower 2').toBe(2);
    expect(net.sentWhere((m) => m.type === 'MSG_PRE_VOTE' || m.type === 'MSG_VOTE').filter((m) => m.from !== 1)).toEqual([]);
  });

  it('the first election in a bootstrapped cluster raises the term from 1 to 2', () => {
    const net = cluster(3);
    net.elect(1);
    for (const id of [1, 2, 3]) {
      expect(net.hardState(id).term, `persisted term of ${id}`).toBe(2);
      expect(net.node(id).raft.lead, `leader known to ${id}`).toBe(1);
    }
  });
});

describe('winning an election', () => {
  function candidate(voters: number): Network {
    const net = cluster(voters, { config: { preVote: false } });
    net.node(1).campaign();
    net.processReadies();
    expect(net.node(1).raft.role).toBe('candidate');
    expect(net.queued(isMsg('MSG_VOTE', 1)).map((m) => m.to), 'vote requests sent').toEqual(
      Array.from({ length: voters - 1 }, (_, i) => i + 2),
    );
    net.discard(() => true);
    return net;
  }

  it('a candidate becomes leader exactly when a majority (3 of 5, itself included) granted its vote', () => {
    const net = candidate(5);
    net.inject({ type: 'MSG_VOTE_RESP', from: 2, to: 1, term: 2 });
    expect(net.node(1).raft.role, 'with 2 of 5 votes').toBe('candidate');
    net.inject({ type: 'MSG_VOTE_RESP', from: 2, to: 1, term: 2 });
    expect(net.node(1).raft.role, 'a duplicated vote counts once').toBe('candidate');
    net.inject({ type: 'MSG_VOTE_RESP', from: 3, to: 1, term: 2 });
    expect(net.node(1).raft.role, 'with 3 of 5 votes').toBe('leader');
  });

  it('a candidate rejected by a majority returns to follower at its term', () => {
    const net = candidate(5);
    net.inject({ type: 'MSG_VOTE_RESP', from: 2, to: 1, term: 2, reject: true });
    net.inject({ type: 'MSG_VOTE_RESP', from: 3, to: 1, term: 2, reject: true });
    expect(net.node(1).raft.role, 'with 2 rejections of 5 (3 could still grant)').toBe('candidate');
    net.inject({ type: 'MSG_VOTE_RESP', from: 4, to: 1, term: 2, reject: true });
    expect(net.node(1).raft.role, 'with 3 rejections of 5').toBe('follower');
    expect(net.node(1).raft.term, 'term after losing').toBe(2);
  });

  it('a candidate that receives an append from a leader of its term becomes its follower', () => {
    const net = candidate(3);
    net.inject({ type: 'MSG_APP', from: 2, to: 1, term: 2, index: 1, logTerm: 1, commit: 1 });
    const r = net.node(1).raft;
    expect(r.role).toBe('follower');
    expect(r.lead, 'leader known to 1').toBe(2);
    expect(r.term).toBe(2);
  });

  it('any node that sees a higher term in a response adopts it and becomes follower (a leader steps down)', () => {
    const net = cluster(3);
    net.elect(1);
    net.inject({ type: 'MSG_APP_RESP', from: 2, to: 1, term: 7, index: 1 });
    const r = net.node(1).raft;
    expect(r.role).toBe('follower');
    expect(r.term).toBe(7);
    expect(r.vote, 'vote in the new term').toBe(NONE);
  });
});

describe('one vote per term', () => {
  it('a node grants its vote to the first candidate of a term and rejects every other one in that term', () => {
    const net = cluster(3, { config: { preVote: false } });
    net.inject({ type: 'MSG_VOTE', from: 2, to: 1, term: 2, index: 1, logTerm: 1 });
    net.inject({ type: 'MSG_VOTE', from: 3, to: 1, term: 2, index: 1, logTerm: 1 });
    net.inject({ type: 'MSG_VOTE', from: 2, to: 1, term: 2, index: 1, logTerm: 1 });
    net.processReadies();
    expect(voteResponses(net, 1, 2).map((m) => m.reject), 'answers to 2 (a repeated request from the same candidate is granted again)').toEqual([
      false,
      false,
    ]);
    expect(voteResponses(net, 1, 3).map((m) => m.reject), 'answers to 3').toEqual([true]);
    expect(net.hardState(1), 'persisted hard state of 1').toEqual({ term: 2, vote: 2, commit: 1 });
  });

  it('the vote survives a restart: after a crash the node still refuses another candidate of that term', () => {
    const net = cluster(3, { config: { preVote: false } });
    net.inject({ type: 'MSG_VOTE', from: 2, to: 1, term: 2, index: 1, logTerm: 1 });
    net.processReadies();
    net.stop(1);
    net.restart(1);
    net.inject({ type: 'MSG_VOTE', from: 3, to: 1, term: 2, index: 1, logTerm: 1 });
    net.processReadies();
    expect(voteResponses(net, 1, 3).map((m) => m.reject), 'answer to 3 after the restart').toEqual([true]);
  });

  it('a vote request of an older term changes nothing', () => {
    const net = cluster(3, { config: { preVote: false } });
    net.elect(1);
    const before = net.hardState(2);
    net.inject({ type: 'MSG_VOTE', from: 3, to: 2, term: 1, index: 9, logTerm: 9 });
    net.processReadies();
    expect(net.hardState(2)).toEqual(before);
    expect(voteResponses(net, 2, 3).filter((m) => !m.reject), 'votes granted to 3').toEqual([]);
  });
});

describe('up-to-date log rule (§5.4.1)', () => {
  // The voter's log: index 1 (term 1, the bootstrap snapshot), 2 and 3 of term 2. Current term 2.
  const cases: { name: string; index: number; logTerm: number; granted: boolean }[] = [
    { name: 'longer log with an older last term', index: 5, logTerm: 1, granted: false },
    { name: 'same last term, shorter log', index: 2, logTerm: 2, granted: false },
    { name: 'same last term, same length', index: 3, logTerm: 2, granted: true },
    { name: 'same last term, longer log', index: 4, logTerm: 2, granted: true },
    { name: 'newer last term, shorter log', index: 2, logTerm: 3, granted: true },
  ];
  for (const type of ['MSG_VOTE', 'MSG_PRE_VOTE'] as const) {
    for (const c of cases) {
      it(`${type}: candidate with ${c.name} is ${c.granted ? 'granted' : 'rejected'}`, () => {
        const net = new Network({
          voters: [1, 2, 3],
          config: { preVote: type === 'MSG_PRE_VOTE' },
          storage: (id) => (id === 1 ? storageWithLog([1, 2, 3], [2, 2]) : undefined),
        });
        net.inject({ type, from: 2, to: 1, term: 3, index: c.index, logTerm: c.logTerm });
        net.processReadies();
        const resp = voteResponses(net, 1, 2);
        expect(resp.length, 'number of answers').toBe(1);
        expect(resp[0]!.reject, `reject (candidate last entry ${c.index}@${c.logTerm}, voter 3@2)`).toBe(!c.granted);
        expect(net.node(1).raft.vote, 'vote of 1').toBe(type === 'MSG_VOTE' && c.granted ? 2 : NONE);
      });
    }
  }

  it('a node whose log lacks committed entries cannot be elected', () => {
    // Without check-quorum there is no lease: 2 answers 3's (pre-)vote requests on their merits.
    const net = cluster(3, { config: { checkQuorum: false } });
    net.elect(1);
    net.isolate(3);
    net.propose(1, 'x');
    net.stabilize();
    net.heal();
    // 3 missed entry 'x' (committed by 1 and 2). Stop the leader; 3 must not win against 2.
    net.stop(1);
    net.node(3).campaign();
    net.stabilize();
    expect(net.node(3).raft.role, 'role of 3, whose log is behind').not.toBe('leader');
    net.node(2).campaign();
    net.stabilize();
    expect(net.leader(), 'leader after 2 campaigns').toBe(2);
  });
});

describe('persisting the vote before answering', () => {
  function readyWithGrant(net: Network, voter: number, candidate: number) {
    return net.get(voter).readies.find((rd) => rd.messages.some((m) => m.type === 'MSG_VOTE_RESP' && m.to === candidate && !m.reject));
  }

  it('the Ready that carries a granted vote response also carries the new term and the vote, to sync', () => {
    const net = cluster(3);
    net.elect(1);
    for (const voter of [2, 3]) {
      const rd = readyWithGrant(net, voter, 1);
      expect(rd, `a Ready of ${voter} granting the vote`).toBeDefined();
      expect(rd!.hardState, `hard state in the same Ready of ${voter}`).toEqual({ term: 2, vote: 1, commit: 1 });
      expect(rd!.mustSync, 'mustSync').toBe(true);
    }
  });

  it('the check above catches the voteBeforePersist test bug (the vote is missing from that Ready)', () => {
    const net = cluster(3, { config: { testingBugs: { voteBeforePersist: true } } });
    net.elect(1);
    const rd = readyWithGrant(net, 2, 1);
    expect(rd?.hardState?.vote ?? NONE, 'persisted vote with the bug').not.toBe(1);
  });
});
