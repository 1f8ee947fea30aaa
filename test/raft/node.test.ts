// RaftNode: the Ready/advance cycle and the API's guards.
import { describe, expect, it } from 'vitest';

import { MemoryStorage, RaftNode, bootstrapStorage, message, seededRand } from '../../src/raft/index.js';
import { cluster, isMsg } from './harness.js';

function solo(voters = [1]) {
  const storage = new MemoryStorage();
  bootstrapStorage(storage, voters);
  const node = new RaftNode({ id: 1, storage, electionTicks: 10, heartbeatTicks: 1, rand: seededRand(1) });
  return { node, storage };
}

describe('RaftNode', () => {
  it('a freshly bootstrapped node has nothing to hand out', () => {
    const { node } = solo([1, 2, 3]);
    expect(node.hasReady()).toBe(false);
  });

  it('a single voter elects itself, and its no-op is persisted and applied in one Ready', () => {
    const { node, storage } = solo();
    node.campaign();
    expect(node.hasReady()).toBe(true);
    const rd = node.ready();
    expect(rd.softState, 'soft state').toEqual({ lead: 1, role: 'leader' });
    expect(rd.hardState, 'hard state').toEqual({ term: 2, vote: 1, commit: 2 });
    expect(rd.entries.map((e) => [e.index, e.term]), 'entries to persist').toEqual([[2, 2]]);
    expect(rd.committedEntries.map((e) => e.index), 'entries to apply').toEqual([2]);
    expect(rd.mustSync).toBe(true);
    storage.append(rd.entries);
    storage.setHardState(rd.hardState!);
    node.advance(rd);
    expect(node.hasReady(), 'after advance').toBe(false);
    expect(node.status()).toMatchObject({ applied: 2, commit: 2, lastIndex: 2 });
  });

  it('mustSync is false when only the commit index changed', () => {
    const net = cluster(3);
    net.elect(1);
    net.propose(1, 'x');
    net.stabilize();
    let prev = { term: 1, vote: 0, commit: 1 };
    const commitOnly = [];
    for (const rd of net.get(2).readies) {
      if (!rd.hardState) continue;
      if (rd.entries.length === 0 && rd.hardState.term === prev.term && rd.hardState.vote === prev.vote) commitOnly.push(rd);
      prev = rd.hardState;
    }
    for (const rd of commitOnly) expect(rd.mustSync, `mustSync for commit ${rd.hardState!.commit}`).toBe(false);
  });

  it('ignores local-only message types arriving from the network', () => {
    const { node } = solo([1, 2, 3]);
    node.step(message({ type: 'MSG_HUP', from: 2, to: 1 }));
    node.step(message({ type: 'MSG_BEAT', from: 2, to: 1 }));
    node.step(message({ type: 'MSG_CHECK_QUORUM', from: 2, to: 1 }));
    expect(node.status().role).toBe('follower');
    expect(node.hasReady()).toBe(false);
  });

  it('readIndex needs a non-empty context', () => {
    const { node } = solo();
    expect(() => node.readIndex(Buffer.alloc(0))).toThrow(/non-empty context/);
  });

  it('a conf change for node 0 is refused', () => {
    const { node } = solo();
    node.campaign();
    expect(() => node.proposeConfChange({ type: 'CONF_CHANGE_ADD_LEARNER', nodeId: 0, context: Buffer.alloc(0) })).toThrow(/not a valid member/);
  });

  it('status() reports progress only on the leader', () => {
    const net = cluster(3);
    net.elect(1);
    expect(net.node(2).status().progress).toBeNull();
    const pr = net.node(1).status().progress!;
    expect([...pr.keys()].sort()).toEqual([1, 2, 3]);
    expect(pr.get(2)).toMatchObject({ match: 2, next: 3, state: 'replicate', isLearner: false });
  });

  it('messages of a Ready leave only after its entries and hard state (the harness order): an append acknowledgement follows persisted entries', () => {
    const net = cluster(3);
    net.elect(1);
    net.propose(1, 'x');
    net.processReady(1);
    net.deliver(isMsg('MSG_APP', 1, 2));
    const rd = net.processReady(2)!;
    expect(rd.entries.map((e) => e.index), 'entries persisted in the Ready that acknowledges them').toEqual([3]);
    expect(rd.messages.map((m) => [m.type, m.index])).toEqual([['MSG_APP_RESP', 3]]);
  });

  it('maxApplyBytes limits the committed entries per Ready (at least one)', () => {
    const net = cluster(3, { config: { maxApplyBytes: 1 } });
    net.elect(1);
    for (const d of ['a', 'b', 'c']) net.propose(1, d);
    net.stabilize();
    const sizes = net.get(2).readies.map((rd) => rd.committedEntries.length).filter((n) => n > 0);
    expect(Math.max(...sizes), 'most committed entries in one Ready').toBe(1);
    expect(net.appliedData(2)).toEqual(['a', 'b', 'c']);
  });

  it('the configuration is validated', () => {
    const storage = new MemoryStorage();
    const base = { id: 1, storage, electionTicks: 10, heartbeatTicks: 1, rand: seededRand(1) };
    expect(() => new RaftNode({ ...base, id: 0 })).toThrow(/id must be a positive integer/);
    expect(() => new RaftNode({ ...base, electionTicks: 1 })).toThrow(/electionTicks must be > heartbeatTicks/);
    expect(() => new RaftNode({ ...base, maxInflightAppends: 0 })).toThrow(/maxInflightAppends/);
    expect(() => new RaftNode({ ...base, snapshotChunkBytes: 0 })).toThrow(/snapshotChunkBytes/);
  });
});
