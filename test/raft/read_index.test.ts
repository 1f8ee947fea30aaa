// ReadIndex (Raft thesis §6.4): linearizable reads without writing to the log.
import { describe, expect, it } from 'vitest';

import { ProposalDroppedError } from '../../src/raft/index.js';
import { ELECTION_TICKS as T, cluster, isMsg } from './harness.js';

const ctx = (s: string) => Buffer.from(s);
const states = (net: ReturnType<typeof cluster>, id: number) => net.get(id).readStates.map((r) => [r.index, r.context.toString()]);

describe('ReadIndex, safe mode', () => {
  it("the leader's read state arrives only after a majority acknowledged a heartbeat carrying the request", () => {
    const net = cluster(3);
    net.elect(1);
    net.propose(1, 'w');
    net.stabilize();
    net.node(1).readIndex(ctx('r1'));
    net.processReady(1);
    expect(states(net, 1), 'read states before any heartbeat answer').toEqual([]);
    const hbs = net.queued(isMsg('MSG_HEARTBEAT', 1));
    // The heartbeats carry the leader's key for the request (not the client's context).
    expect(hbs.map((m) => m.to), 'heartbeats sent for the request').toEqual([2, 3]);
    expect(hbs[0]!.context.length, 'heartbeat carries a request key').toBeGreaterThan(0);
    expect(hbs[1]!.context.equals(hbs[0]!.context), 'both heartbeats carry the same key').toBe(true);
    // Only 2 answers: with the leader itself that is a majority of 3.
    net.discard(isMsg('MSG_HEARTBEAT', 1, 3));
    net.deliver(isMsg('MSG_HEARTBEAT', 1, 2));
    net.processReady(2);
    net.deliver(isMsg('MSG_HEARTBEAT_RESP', 2, 1));
    net.processReady(1);
    expect(states(net, 1), 'read state after the majority answered (index = commit index)').toEqual([[3, 'r1']]);
  });

  it('a heartbeat answer without the request context does not confirm the read', () => {
    const net = cluster(5);
    net.elect(1);
    net.node(1).readIndex(ctx('r'));
    net.processReady(1);
    const key = net.queued(isMsg('MSG_HEARTBEAT', 1))[0]!.context;
    net.discard(isMsg('MSG_HEARTBEAT', 1)); // the heartbeats carrying the request's key are lost
    // Plain answers, without context, from 2 and 3.
    for (const id of [2, 3]) net.inject({ type: 'MSG_HEARTBEAT_RESP', from: id, to: 1, term: 2 });
    net.processReady(1);
    expect(states(net, 1), 'read states after answers without context').toEqual([]);
    for (const id of [2, 3]) net.inject({ type: 'MSG_HEARTBEAT_RESP', from: id, to: 1, term: 2, context: key });
    net.processReady(1);
    expect(states(net, 1), 'read states once 2 and 3 confirmed r').toEqual([[2, 'r']]);
  });

  it('a new leader defers reads until its no-op of the new term commits', () => {
    const net = cluster(3);
    net.node(1).campaign();
    // Win the election but hold the no-op back from the followers.
    for (let i = 0; i < 10 && net.node(1).raft.role !== 'leader'; i++) {
      net.processReadies();
      net.deliver((m) => m.type !== 'MSG_APP');
    }
    expect(net.node(1).raft.role).toBe('leader');
    net.node(1).readIndex(ctx('early'));
    net.processReady(1);
    expect(net.queued((m) => m.type === 'MSG_HEARTBEAT' && m.context.length > 0), 'heartbeats for the read before the no-op commits').toEqual([]);
    expect(states(net, 1)).toEqual([]);
    net.stabilize(); // the no-op commits, then the deferred read runs its heartbeat round
    expect(states(net, 1), 'read state: at the no-op, index 2').toEqual([[2, 'early']]);
  });

  it("a follower's readIndex is answered through the leader, with the leader's commit index", () => {
    const net = cluster(3);
    net.elect(1);
    net.propose(1, 'a');
    net.propose(1, 'b');
    net.stabilize();
    net.node(2).readIndex(ctx('f'));
    net.processReadies();
    expect(net.queued(isMsg('MSG_READ_INDEX', 2)).map((m) => m.to), 'read request forwarded to').toEqual([1]);
    net.stabilize();
    expect(states(net, 2), 'read states of 2').toEqual([[4, 'f']]);
    expect(states(net, 1), 'read states of the leader (it answered 2, not itself)').toEqual([]);
    expect(net.sentWhere(isMsg('MSG_READ_INDEX_RESP', 1, 2)).length).toBe(1);
  });

  // Regression: this failed against the first version of the core.
  it('two followers using the same context both get their read answered', () => {
    const net = cluster(3);
    net.elect(1);
    net.node(2).readIndex(ctx('1'));
    net.node(3).readIndex(ctx('1'));
    net.stabilize();
    net.tickAll(3);
    expect(states(net, 2), 'read states of 2').toEqual([[2, '1']]);
    expect(states(net, 3), 'read states of 3').toEqual([[2, '1']]);
  });

  it('a follower with no leader known refuses readIndex', () => {
    const net = cluster(3);
    expect(() => net.node(2).readIndex(ctx('x'))).toThrow(ProposalDroppedError);
  });

  it('a single-voter leader answers at once', () => {
    const net = cluster(1);
    net.elect(1);
    net.node(1).readIndex(ctx('solo'));
    net.processReady(1);
    expect(states(net, 1)).toEqual([[2, 'solo']]);
  });

  it('several reads pending in one heartbeat round are all answered when the last is confirmed', () => {
    const net = cluster(3);
    net.elect(1);
    net.node(1).readIndex(ctx('x'));
    net.node(1).readIndex(ctx('y'));
    net.stabilize();
    expect(states(net, 1)).toEqual([
      [2, 'x'],
      [2, 'y'],
    ]);
  });
});

describe('ReadIndex, lease mode', () => {
  it('the leader answers at once, without a heartbeat round, while its lease holds', () => {
    const net = cluster(3, { config: { readOnly: 'lease' } });
    net.elect(1);
    net.propose(1, 'a');
    net.stabilize();
    // One heartbeat round acknowledged by the followers starts the lease.
    for (let i = 0; i < net.node(1).raft.cfg.heartbeatTicks; i++) net.tick(1);
    net.stabilize();
    net.node(1).readIndex(ctx('l'));
    net.processReady(1);
    expect(states(net, 1), 'read state in the very next Ready').toEqual([[3, 'l']]);
    expect(net.queued(isMsg('MSG_HEARTBEAT')), 'heartbeats sent for the read').toEqual([]);
  });

  it('lease mode requires check-quorum', () => {
    expect(() => cluster(3, { config: { readOnly: 'lease', checkQuorum: false } })).toThrow(/requires checkQuorum/);
  });

  // Regression: this failed against the first version of the core.
  it('an isolated leader that still believes in its lease never serves a read missing a newer committed write', () => {
    let staleWindows = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const net = cluster(3, { config: { readOnly: 'lease' }, seed });
      net.elect(1);
      // Run until right after the leader's check-quorum, then let one heartbeat round through.
      for (let i = 0; i < 3 * T && net.node(1).raft.electionElapsed !== 0; i++) net.tickAll(1);
      net.tickAll(1);
      net.isolate(1);
      let newLeader = 0;
      for (let t = 0; t < 5 * T && newLeader === 0; t++) {
        net.tickAll(1);
        newLeader = [2, 3].find((id) => net.node(id).raft.role === 'leader') ?? 0;
      }
      expect(newLeader, `seed ${seed}: 2 or 3 took over`).not.toBe(0);
      if (net.node(1).raft.role !== 'leader') continue;
      staleWindows++;
      net.propose(newLeader, 'new');
      net.stabilize();
      const written = net.get(newLeader).applied.at(-1)!.index;
      try {
        net.node(1).readIndex(ctx('after-write'));
      } catch {
        continue; // refusing the read is fine
      }
      net.processReady(1);
      for (const rs of net.get(1).readStates) {
        expect(rs.index, `seed ${seed}: read index served by the deposed leader 1 (write committed by ${newLeader} at ${written})`).toBeGreaterThanOrEqual(
          written,
        );
      }
    }
    expect(staleWindows, 'runs where 1 still acted as leader after 2 or 3 took over').toBeGreaterThan(0);
  });

  // Regression: this failed against the first version of the core.
  it('a leader that sent TimeoutNow no longer answers lease reads from its old commit index', () => {
    const net = cluster(3, { config: { readOnly: 'lease' } });
    net.elect(1);
    net.propose(1, 'a');
    net.stabilize();
    net.drop((m) => m.to === 1); // for a moment, nothing reaches 1
    net.node(1).transferLeadership(2);
    net.stabilize();
    expect(net.node(2).raft.role, '2 won the transfer').toBe('leader');
    net.propose(2, 'w');
    net.stabilize();
    const written = net.get(2).applied.at(-1)!.index;
    expect(net.node(1).raft.role, '1 has not heard of it').toBe('leader');
    try {
      net.node(1).readIndex(ctx('r'));
    } catch {
      return; // refusing is fine
    }
    net.processReady(1);
    for (const rs of net.get(1).readStates) {
      expect(rs.index, `read index served by 1 after 2 committed 'w' at ${written}`).toBeGreaterThanOrEqual(written);
    }
  });

  it('in safe mode the same deposed leader cannot complete a read (its heartbeat round fails)', () => {
    const net = cluster(3, { seed: 3 });
    net.elect(1);
    for (let i = 0; i < 3 * T && net.node(1).raft.electionElapsed !== 0; i++) net.tickAll(1);
    net.tickAll(1);
    net.isolate(1);
    for (let t = 0; t < 5 * T && net.node(2).raft.role !== 'leader' && net.node(3).raft.role !== 'leader'; t++) net.tickAll(1);
    expect(net.node(1).raft.role, 'the isolated 1 still thinks it leads').toBe('leader');
    net.node(1).readIndex(ctx('r'));
    net.stabilize();
    expect(states(net, 1), 'read states of the deposed leader').toEqual([]);
  });
});
