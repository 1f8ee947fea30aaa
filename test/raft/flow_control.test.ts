// Flow control on the leader: the probe and replicate states of a follower's progress, the bound
// on appends (and bytes) in flight, and the size limit of one append.
import { describe, expect, it } from 'vitest';

import { entriesSizeBytes } from '../../src/raft/types.js';
import { cluster, isMsg } from './harness.js';

const appsTo = (to: number) => (m: { type: string; to: number; entries: unknown[] }) => m.type === 'MSG_APP' && m.to === to && m.entries.length > 0;

describe('inflight appends in replicate state', () => {
  it('with maxInflightAppends = 3, at most 3 appends are unacknowledged to a replicating follower', () => {
    const net = cluster(3, { config: { maxInflightAppends: 3 } });
    net.elect(1);
    expect(net.node(1).status().progress!.get(2)!.state).toBe('replicate');
    for (let i = 0; i < 10; i++) {
      net.propose(1, `e${i}`);
      net.processReady(1);
    }
    expect(net.queued(appsTo(2)).length, 'appends queued to 2 while none is acknowledged').toBe(3);
    expect(net.queued(appsTo(2)).flatMap((m) => m.entries).length, 'entries in them').toBe(3);
    // Acknowledge them: the rest (7 entries) leaves in one append.
    net.deliver(appsTo(2));
    net.processReady(2);
    net.deliver(isMsg('MSG_APP_RESP', 2));
    net.processReady(1);
    const next = net.queued(appsTo(2));
    expect(next.map((m) => m.entries.length), 'appends to 2 after the acknowledgements').toEqual([7]);
    net.stabilize();
    expect(net.appliedData(2).length, 'entries applied by 2').toBe(10);
  });

  it('when the window is full, a heartbeat response lets one more append out', () => {
    const net = cluster(3, { config: { maxInflightAppends: 2 } });
    net.elect(1);
    // Proposals made between two Readies share one append: two Readies, two appends.
    for (let i = 0; i < 4; i++) {
      net.propose(1, `e${i}`);
      if (i % 2 === 1) net.processReady(1);
    }
    net.discard(appsTo(2)); // lost: 2 never answers them
    expect(net.node(1).raft.progress.get(2)!.inflights.full(), 'window to 2 is full').toBe(true);
    net.propose(1, 'e4'); // waits: the window is full
    net.processReady(1);
    expect(net.queued(appsTo(2)).length, 'appends to 2 while the window is full').toBe(0);
    net.tick(1); // heartbeat
    net.processReady(1);
    net.deliver(isMsg('MSG_HEARTBEAT', 1, 2));
    net.processReady(2);
    net.deliver(isMsg('MSG_HEARTBEAT_RESP', 2, 1));
    net.processReady(1);
    expect(net.queued(appsTo(2)).length, 'appends to 2 after one heartbeat response').toBe(1);
  });

  it('maxInflightBytes stops the pipe once that many bytes are unacknowledged', () => {
    // Each entry is 34 bytes of data + 16 of overhead = 50 bytes; the window closes at >= 120.
    const net = cluster(3, { config: { maxInflightBytes: 120 } });
    net.elect(1);
    for (let i = 0; i < 10; i++) {
      net.propose(1, 'x'.repeat(34));
      net.processReady(1);
    }
    const sent = net.queued(appsTo(2));
    expect(sent.length, 'appends queued to 2').toBe(3);
    expect(entriesSizeBytes(sent.flatMap((m) => m.entries)), 'bytes in flight to 2').toBe(150);
  });
});

describe('probe state', () => {
  it('a rejected append moves a replicating follower back to probe, from which it recovers', () => {
    const net = cluster(3);
    net.elect(1);
    net.propose(1, 'a');
    net.processReady(1);
    net.discard(appsTo(2)); // 'a' never reaches 2
    net.propose(1, 'b');
    net.processReady(1);
    net.deliver(appsTo(2)); // 'b' arrives: it does not follow 2's log
    net.processReady(2);
    const rej = net.queued(isMsg('MSG_APP_RESP', 2, 1));
    expect(rej.map((m) => [m.reject, m.index]), 'answer of 2').toEqual([[true, 3]]);
    net.deliver(isMsg('MSG_APP_RESP', 2, 1));
    const pr = net.node(1).status().progress!.get(2)!;
    expect(pr.state, 'state of 2 after the rejection').toBe('probe');
    expect(pr.next, 'next of 2: right after its match').toBe(pr.match + 1);
    net.stabilize();
    expect(net.node(1).status().progress!.get(2)!.state, 'state of 2 once it matched again').toBe('replicate');
    expect(net.appliedData(2)).toEqual(['a', 'b']);
  });

  it('a probing follower gets at most one append until it answers', () => {
    const net = cluster(3);
    net.elect(1);
    net.node(1).reportUnreachable(2);
    for (let i = 0; i < 5; i++) {
      net.propose(1, `e${i}`);
      net.processReady(1);
    }
    expect(net.queued(appsTo(2)).length, 'appends to the probing follower 2').toBe(1);
    expect(net.queued(appsTo(3)).length, 'appends to the replicating follower 3').toBe(5);
  });

  it('a stale rejection (of an append already superseded) is ignored', () => {
    const net = cluster(3);
    net.elect(1);
    net.propose(1, 'a');
    net.stabilize();
    const before = net.node(1).status().progress!.get(2)!;
    // A rejection of the append after index 1 arrives late, long after 2 matched index 3.
    net.inject({ type: 'MSG_APP_RESP', from: 2, to: 1, term: 2, index: 1, reject: true, rejectHint: 1 });
    const after = net.node(1).status().progress!.get(2)!;
    expect(after, 'progress of 2 after the stale rejection').toEqual(before);
  });
});

describe('append size', () => {
  it('maxAppendBytes limits the bytes of entries per append (a larger entry still goes alone)', () => {
    // 30 bytes of data + 16 of overhead = 46 bytes per entry: 2 fit in 100 bytes, not 3.
    const net = cluster(3, { config: { maxAppendBytes: 100 } });
    net.elect(1);
    net.isolate(3);
    for (let i = 0; i < 9; i++) net.propose(1, String(i).repeat(30));
    net.propose(1, 'big'.repeat(100));
    net.stabilize();
    net.heal();
    net.tickAll(3);
    const apps = net.sentWhere(appsTo(3));
    expect(apps.length, 'appends to 3').toBeGreaterThan(0);
    for (const m of apps) {
      const bytes = entriesSizeBytes(m.entries);
      expect(bytes <= 100 || m.entries.length === 1, `append of ${m.entries.length} entries, ${bytes} bytes`).toBe(true);
    }
    expect(Math.max(...apps.map((m) => m.entries.length)), 'most entries in one append').toBe(2);
    expect(net.appliedData(3).length, 'entries applied by 3').toBe(10);
  });
});
