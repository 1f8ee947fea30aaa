// place(): each filter, the reasons it gives (exact text), spreading and preferences, batching
// within one call, tasks pinned to a node, and not_before_ms.
import { describe, expect, it } from 'vitest';

import { formatBytes, formatCpus, place, type PlacementInput, type PlacementResult } from '../../src/scheduler/placement.js';
import type { Node, Task } from '../../src/store/types.js';
import { GiB, MiB, node, perNode, task, tasks } from './fixtures.js';

function run(nodes: Node[], pending: Task[], placed: Task[] = [], nowMs = 1_000): PlacementResult {
  const input: PlacementInput = { nodes, placed, pending, nowMs };
  return place(input);
}

/** The reason given for a task, failing the test if it was not unplaced. */
function reasonOf(r: PlacementResult, taskId: string): string {
  const u = r.unplaced.find((x) => x.taskId === taskId);
  expect(u, `task ${taskId} should be unplaced; result: ${JSON.stringify(r)}`).toBeDefined();
  return u!.reason;
}

function nodeOf(r: PlacementResult, taskId: string): string | undefined {
  return r.assigned.find((a) => a.taskId === taskId)?.nodeId;
}

describe('filters', () => {
  it('takes only READY nodes', () => {
    const r = run([node('n1', { state: 'NODE_DOWN' }), node('n2', { state: 'NODE_UNKNOWN' }), node('n3')], tasks(2, 't'));
    expect(perNode(r), 'both tasks on n3, the only ready node').toEqual({ n3: 2 });
  });

  it('takes only ACTIVE nodes: paused and drained nodes take nothing new', () => {
    const r = run([node('n1', { availability: 'NODE_PAUSE' }), node('n2', { availability: 'NODE_DRAIN' }), node('n3')], tasks(2, 't'));
    expect(perNode(r), 'both tasks on n3, the only active node').toEqual({ n3: 2 });
  });

  it('needs the runtime: process tasks need "process", container tasks need "runc"', () => {
    const nodes = [node('p', { runtimes: ['process'] }), node('r', { runtimes: ['runc'] }), node('none', { runtimes: [] })];
    const r = run(nodes, [task('proc', { runtime: 'process' }), task('cont', { runtime: 'container', service: 'c' })]);
    expect(nodeOf(r, 'proc'), 'the process task on the node with the process runtime').toBe('p');
    expect(nodeOf(r, 'cont'), 'the container task on the node with runc').toBe('r');
    const none = run([node('n1', { runtimes: ['process'] }), node('n2', { runtimes: ['process'] })], [task('c1', { runtime: 'container' })]);
    expect(reasonOf(none, 'c1'), 'no node has runc').toBe('no suitable node: 2 nodes lack the runc runtime');
  });

  it('honours constraints on labels, role, hostname and id', () => {
    const nodes = [
      node('n1', { labels: { zone: 'eu' }, role: 'NODE_MANAGER', hostname: 'alpha' }),
      node('n2', { labels: { zone: 'us' }, hostname: 'beta' }),
      node('n3', { hostname: 'gamma' }),
    ];
    const cases: [string, string[]][] = [
      ['node.labels.zone == eu', ['n1']],
      ['node.labels.zone != eu', ['n2', 'n3']],
      ['node.role == manager', ['n1']],
      ['node.role == worker', ['n2', 'n3']],
      ['node.hostname == beta', ['n2']],
      ['node.id != n2', ['n1', 'n3']],
    ];
    for (const [constraint, allowed] of cases) {
      const r = run(nodes, tasks(6, 't', { constraints: [constraint] }));
      expect(Object.keys(perNode(r)).sort(), `with ${constraint} the tasks go exactly to ${allowed.join(', ')}`).toEqual(allowed);
    }
  });

  it('does not over-commit CPU or memory, counting tasks assigned earlier in the same call', () => {
    const nodes = [node('n1', { milliCpus: 2000, memoryBytes: GiB })];
    const r = run(nodes, tasks(3, 'm', { memoryBytes: 512 * MiB }));
    expect(r.assigned.length, 'two 512 MiB tasks fit in 1 GiB').toBe(2);
    expect(reasonOf(r, 'm-3'), 'the third does not fit').toBe('no suitable node: insufficient memory on 1 node (needs 512 MiB, 0 B free)');

    const c = run(nodes, tasks(3, 'c', { milliCpus: 750 }));
    expect(c.assigned.length, 'two 0.75-CPU tasks fit in 2 CPUs').toBe(2);
    expect(reasonOf(c, 'c-3'), 'the third does not fit').toBe('no suitable node: insufficient CPU on 1 node (needs 0.75 CPUs, 0.5 CPUs free)');
  });

  it('counts the reservations of placed tasks', () => {
    const nodes = [node('n1', { memoryBytes: 2 * GiB }), node('n2', { memoryBytes: 2 * GiB })];
    const placed = [task('old', { service: 'other', nodeId: 'n1', memoryBytes: 1536 * MiB })];
    const r = run(nodes, tasks(3, 't', { memoryBytes: GiB }), placed);
    expect(perNode(r), 'n1 has 512 MiB free, so n2 takes two and one is left').toEqual({ n2: 2 });
    expect(reasonOf(r, 't-3'), 'the reason gives the best free amount').toBe('no suitable node: insufficient memory on 2 nodes (needs 1 GiB, at most 512 MiB free)');
  });

  it('treats 0 CPU / 0 memory on a node as not reported (unlimited), and a 0 reservation as none', () => {
    const unreported = run([node('n1')], tasks(50, 'big', { milliCpus: 64_000, memoryBytes: 256 * GiB }));
    expect(unreported.assigned.length, 'a node that reports no resources takes everything').toBe(50);
    const full = [node('n1', { milliCpus: 1000, memoryBytes: GiB })];
    const placed = [task('hog', { service: 'hog', nodeId: 'n1', milliCpus: 1000, memoryBytes: GiB })];
    const r = run(full, tasks(3, 'free'), placed);
    expect(r.assigned.length, 'tasks reserving nothing fit on a full node').toBe(3);
  });

  it('refuses a published host port already held on the node (same protocol only)', () => {
    const nodes = [node('n1'), node('n2'), node('n3')];
    const web = { ports: [{ name: 'http', targetPort: 80, publishedPort: 8080 }] };
    const r = run(nodes, tasks(4, 'web', web));
    expect(perNode(r), 'one 8080/tcp task per node').toEqual({ n1: 1, n2: 1, n3: 1 });
    expect(reasonOf(r, 'web-4'), 'the fourth finds 8080/tcp taken everywhere').toBe('no suitable node: host port 8080/tcp already in use on 3 nodes');

    const udp = run([node('n1')], [task('tcp'), task('udp', { service: 'dns', ports: [{ protocol: 'PORT_UDP', publishedPort: 8080 }] })], [
      task('old', { service: 'old', nodeId: 'n1', ports: [{ publishedPort: 8080 }] }),
    ]);
    expect(nodeOf(udp, 'udp'), '8080/udp does not conflict with 8080/tcp').toBe('n1');
  });

  it('counts the host ports a worker picked for placed tasks (assigned ports)', () => {
    const nodes = [node('n1'), node('n2')];
    const placed = [
      // published_port 0: the worker picked 30000 for the tcp port named "web".
      task('p1', { service: 'old', nodeId: 'n1', ports: [{ name: 'web', protocol: 'PORT_TCP', publishedPort: 0 }], assignedPorts: [{ name: 'web', hostPort: 30000 }] }),
      // An assigned port matching no spec port: its protocol is unknown, so both are blocked.
      task('p2', { service: 'old', nodeId: 'n2', assignedPorts: [{ name: 'gone', hostPort: 30001 }] }),
    ];
    const tcp = run(nodes, tasks(2, 'a', { ports: [{ publishedPort: 30000 }] }), placed);
    expect(perNode(tcp), '30000/tcp is taken on n1 only').toEqual({ n2: 1 });
    const udp = run(nodes, tasks(2, 'b', { ports: [{ protocol: 'PORT_UDP', publishedPort: 30000 }] }), placed);
    expect(perNode(udp), '30000/udp is free on both').toEqual({ n1: 1, n2: 1 });
    const unknown = run(nodes, tasks(2, 'c', { ports: [{ protocol: 'PORT_UDP', publishedPort: 30001 }] }), placed);
    expect(perNode(unknown), '30001 of unknown protocol blocks udp on n2').toEqual({ n1: 1 });
  });

  it('honours max_replicas_per_node, counting placed tasks of the service', () => {
    const nodes = [node('n1'), node('n2'), node('n3')];
    const placed = [task('old', { nodeId: 'n1', specVersion: 0 })]; // same service, older spec
    const r = run(nodes, tasks(5, 't', { maxPerNode: 2 }), placed);
    expect(perNode(r), 'n1 already holds one, so it takes one more; n2 and n3 two each').toEqual({ n1: 1, n2: 2, n3: 2 });
    const over = run(nodes, tasks(4, 'u', { service: 'u', maxPerNode: 1 }));
    expect(reasonOf(over, 'u-4'), 'the fourth finds every node at its maximum').toBe('no suitable node: max_replicas_per_node 1 reached on 3 nodes');
  });
});

describe('reasons', () => {
  it('says there are no nodes', () => {
    const r = run([], [task('t1'), task('t2', { nodeId: 'n1' })]);
    expect(r.unplaced, 'every task: no nodes in the cluster').toEqual([
      { taskId: 't1', reason: 'no nodes in the cluster' },
      { taskId: 't2', reason: 'no nodes in the cluster' },
    ]);
  });

  it('explains each node by the first filter it fails, in filter order, with counts', () => {
    const nodes = [
      node('n1', { state: 'NODE_DOWN' }),
      node('n2', { state: 'NODE_DOWN' }),
      node('n3', { state: 'NODE_UNKNOWN' }),
      node('n4', { availability: 'NODE_DRAIN', labels: { zone: 'eu' } }),
      node('n5', { labels: { zone: 'us' } }),
      node('n6', { labels: { zone: 'us' } }),
      node('n7', { labels: { zone: 'eu' }, memoryBytes: GiB }),
    ];
    const placed = [task('big', { service: 'other', nodeId: 'n7', memoryBytes: 768 * MiB })];
    const r = run(nodes, [task('t1', { constraints: ['node.labels.zone == eu'], memoryBytes: 512 * MiB })], placed);
    expect(reasonOf(r, 't1'), 'the full explanation').toBe(
      'no suitable node: 3 nodes are not ready (2 down, 1 unknown), 1 node is drained, ' +
        'constraint node.labels.zone == eu not met on 2 nodes (zone=us on 2), insufficient memory on 1 node (needs 512 MiB, 256 MiB free)',
    );
  });

  it('lists at most three values a constraint saw, then sums the rest', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e'].map((h, i) => node(`n${i}`, { hostname: h, availability: i === 4 ? 'NODE_PAUSE' : 'NODE_ACTIVE' }));
    nodes.push(node('n5', { hostname: 'b2' }));
    const r = run(nodes, [task('t1', { constraints: ['node.role == worker', 'node.hostname == x'] })]);
    expect(reasonOf(r, 't1'), 'paused first, then the constraint with its values').toBe(
      'no suitable node: 1 node is paused, constraint node.hostname == x not met on 5 nodes (hostname=a on 1, hostname=b on 1, hostname=b2 on 1, 2 other values on 2)',
    );
    const labels = run([node('n1', { labels: { zone: 'us' } }), node('n2'), node('n3')], [task('t2', { constraints: ['node.labels.zone == eu'] })]);
    expect(reasonOf(labels, 't2'), 'most frequent value first; a missing label shows as unset').toBe(
      'no suitable node: constraint node.labels.zone == eu not met on 3 nodes (zone unset on 2, zone=us on 1)',
    );
  });

  it('reports a constraint that does not parse, and a task without a runtime', () => {
    const r = run([node('n1')], [task('t1', { constraints: ['node.zone = eu'] })]);
    expect(reasonOf(r, 't1'), 'a malformed constraint').toBe('constraint "node.zone = eu" is not of the form node.labels.KEY|node.role|node.hostname|node.id ==|!= VALUE');
    const t = task('t2');
    t.spec!.runtime = undefined;
    expect(reasonOf(run([node('n1')], [t]), 't2'), 'a spec without runtime').toBe('the task spec sets no runtime (process or container)');
  });

  it('formats sizes and CPUs for people', () => {
    expect(formatBytes(512 * MiB), '512 MiB').toBe('512 MiB');
    expect(formatBytes(1.5 * GiB), '1.5 GiB').toBe('1.5 GiB');
    expect(formatBytes(300), '300 B').toBe('300 B');
    expect(formatBytes(GiB - 1, 'down'), 'rounded down, just under 1 GiB stays under').toBe('1023.99 MiB');
    expect(formatBytes(GiB + 1, 'up'), 'rounded up, just over 1 GiB shows over').toBe('1.01 GiB');
    expect(formatCpus(1000), 'one CPU').toBe('1 CPU');
    expect(formatCpus(2500), 'two and a half').toBe('2.5 CPUs');
  });
});

describe('scoring', () => {
  it('spreads a service evenly: 6 tasks on 3 nodes -> 2/2/2', () => {
    const r = run([node('n1'), node('n2'), node('n3')], tasks(6, 't'));
    expect(perNode(r), 'two per node').toEqual({ n1: 2, n2: 2, n3: 2 });
  });

  it('with an uneven load of the service, fills the emptier nodes first', () => {
    const placed = [task('a', { nodeId: 'n1' }), task('b', { nodeId: 'n1' }), task('c', { nodeId: 'n1' }), task('d', { nodeId: 'n2' })];
    const r = run([node('n1'), node('n2'), node('n3')], tasks(4, 't'), placed);
    expect(nodeOf(r, 't-1'), 'the first task goes to the empty n3').toBe('n3');
    expect(perNode(r), 'n1 (3 tasks) gets none; n2 and n3 end with 3 and 2').toEqual({ n2: 2, n3: 2 });
  });

  it('breaks ties on the service count by the total count, then by node id', () => {
    const placed = [task('x', { service: 'other', nodeId: 'a' })];
    const r = run([node('c'), node('a'), node('b')], tasks(2, 't'));
    expect(r.assigned.map((x) => x.nodeId), 'empty nodes in id order').toEqual(['a', 'b']);
    const loaded = run([node('c'), node('a'), node('b')], tasks(2, 't'), placed);
    expect(loaded.assigned.map((x) => x.nodeId), 'a holds another service task, so b and c first').toEqual(['b', 'c']);
  });

  it('spreads over a label first: zone a with 1 node, zone b with 2 nodes, 4 tasks -> 2 and 2', () => {
    const nodes = [node('n1', { labels: { zone: 'a' } }), node('n2', { labels: { zone: 'b' } }), node('n3', { labels: { zone: 'b' } })];
    const r = run(nodes, tasks(4, 't', { spread: ['zone'] }));
    expect(perNode(r), 'n1 (zone a) takes 2, zone b 1 per node').toEqual({ n1: 2, n2: 1, n3: 1 });
  });

  it('puts nodes lacking the label in their own group', () => {
    const nodes = [node('n1', { labels: { zone: 'a' } }), node('n2', { labels: { zone: 'a' } }), node('n3'), node('n4', { labels: { zone: 'b' } })];
    const r = run(nodes, tasks(6, 't', { spread: ['zone'] }));
    const m = perNode(r);
    expect([(m.n1 ?? 0) + (m.n2 ?? 0), m.n3, m.n4], 'two per group: zone a, no zone, zone b').toEqual([2, 2, 2]);
  });

  it('nests several preferences', () => {
    const nodes = [
      node('n1', { labels: { region: 'eu', zone: 'eu-1' } }),
      node('n2', { labels: { region: 'eu', zone: 'eu-1' } }),
      node('n3', { labels: { region: 'eu', zone: 'eu-2' } }),
      node('n4', { labels: { region: 'us', zone: 'us-1' } }),
    ];
    const r = run(nodes, tasks(8, 't', { spread: ['region', 'zone'] }));
    expect(perNode(r), 'us 4 on its one node; eu 4 split 2/2 between its zones').toEqual({ n1: 1, n2: 1, n3: 2, n4: 4 });
  });

  it('counts placed tasks of the service in the spread groups', () => {
    const nodes = [node('n1', { labels: { zone: 'a' } }), node('n2', { labels: { zone: 'b' } })];
    const placed = [task('x', { nodeId: 'n1', spread: ['zone'] }), task('y', { nodeId: 'n1', spread: ['zone'] })];
    const r = run(nodes, tasks(2, 't', { spread: ['zone'] }), placed);
    expect(perNode(r), 'zone a already holds two: both new ones to zone b').toEqual({ n2: 2 });
  });
});

describe('batches and pinned tasks', () => {
  it('places tasks of several services and versions, each spread on its own', () => {
    const nodes = [node('n1'), node('n2')];
    const pending = [...tasks(2, 'a', { service: 'a' }), ...tasks(2, 'b', { service: 'b', specVersion: 2 }), ...tasks(2, 'b0', { service: 'b', specVersion: 1 })];
    const r = run(nodes, pending);
    const of = (prefix: string) => r.assigned.filter((x) => x.taskId.startsWith(`${prefix}-`)).map((x) => x.nodeId).sort();
    expect(of('a'), 'service a one per node').toEqual(['n1', 'n2']);
    expect([...of('b'), ...of('b0')].sort(), 'service b (two versions) two per node').toEqual(['n1', 'n1', 'n2', 'n2']);
  });

  it('gives the same result whatever the order of nodes and pending tasks', () => {
    const nodes = [node('n1', { labels: { zone: 'a' } }), node('n2', { labels: { zone: 'b' } }), node('n3'), node('n4', { memoryBytes: GiB })];
    const pending = [...tasks(5, 'a', { service: 'a', spread: ['zone'] }), ...tasks(4, 'b', { service: 'b', memoryBytes: 400 * MiB }), task('g', { service: 'g', nodeId: 'n2' })];
    const forward = run(nodes, pending);
    const backward = run([...nodes].reverse(), [...pending].reverse());
    expect(backward, 'the result does not depend on input order').toEqual(forward);
  });

  it('confirms a task pinned to its node (global service) even when spreading would choose another', () => {
    const nodes = [node('n1'), node('n2')];
    const placed = [task('x', { service: 'g', nodeId: 'n1' }), task('y', { service: 'g', nodeId: 'n1' })];
    const r = run(nodes, [task('g1', { service: 'g', nodeId: 'n1', state: 'TASK_PENDING' })], placed);
    expect(r.assigned, 'g1 stays on n1').toEqual([{ taskId: 'g1', nodeId: 'n1' }]);
  });

  it('explains why a pinned task cannot go to its node', () => {
    const nodes = [
      node('n1', { hostname: 'w1', availability: 'NODE_DRAIN' }),
      node('n2', { memoryBytes: GiB }),
      node('n3', { state: 'NODE_DOWN' }),
      node('n4', { labels: { zone: 'us' } }),
      node('n5'),
    ];
    const pinned = (id: string, nodeId: string, o = {}) => task(id, { service: 'g', nodeId, state: 'TASK_PENDING', ...o });
    const r = run(nodes, [
      pinned('g1', 'n1'),
      pinned('g2', 'n2', { memoryBytes: 2 * GiB }),
      pinned('g3', 'n3'),
      pinned('g4', 'n4', { constraints: ['node.labels.zone == eu'] }),
      pinned('g5', 'gone'),
      pinned('g6', 'n5', { ports: [{ publishedPort: 53, protocol: 'PORT_UDP' }] }),
    ], [task('dns', { service: 'dns', nodeId: 'n5', ports: [{ publishedPort: 53, protocol: 'PORT_UDP' }] })]);
    expect(reasonOf(r, 'g1'), 'drained').toBe('cannot place on its node n1 (w1): it is drained');
    expect(reasonOf(r, 'g2'), 'too little memory').toBe('cannot place on its node n2: insufficient memory (needs 2 GiB, 1 GiB free)');
    expect(reasonOf(r, 'g3'), 'down').toBe('cannot place on its node n3: it is not ready (down)');
    expect(reasonOf(r, 'g4'), 'constraint').toBe('cannot place on its node n4: constraint node.labels.zone == eu not met (zone=us)');
    expect(reasonOf(r, 'g5'), 'unknown node').toBe('its node gone is not in the cluster');
    expect(reasonOf(r, 'g6'), 'port').toBe('cannot place on its node n5: host port 53/udp already in use');
    expect(r.assigned, 'nothing assigned').toEqual([]);
  });

  it('places pinned tasks before the others, which have alternatives', () => {
    const nodes = [node('n1', { memoryBytes: GiB })];
    const r = run(nodes, [task('a-replica', { service: 'a', memoryBytes: 768 * MiB }), task('z-global', { service: 'z', nodeId: 'n1', memoryBytes: 512 * MiB })]);
    expect(r.assigned, 'the pinned task gets the node').toEqual([{ taskId: 'z-global', nodeId: 'n1' }]);
    expect(reasonOf(r, 'a-replica'), 'the other no longer fits').toBe('no suitable node: insufficient memory on 1 node (needs 768 MiB, 512 MiB free)');
  });
});

describe('not_before_ms', () => {
  it('skips tasks not due yet and reports the earliest time to wake', () => {
    const pending = [task('later', { notBeforeMs: 5_000 }), task('soon', { notBeforeMs: 1_500 }), task('due', { notBeforeMs: 1_000 }), task('now')];
    const r = run([node('n1')], pending, [], 1_000);
    expect(r.assigned.map((a) => a.taskId).sort(), 'due (not_before_ms == now) and now are placed').toEqual(['due', 'now']);
    expect(r.unplaced, 'skipped tasks are not reported unplaced').toEqual([]);
    expect(r.wakeAtMs, 'wake at the earliest not_before_ms of a skipped task').toBe(1_500);
    expect(run([node('n1')], [task('t')]).wakeAtMs, 'nothing skipped: wakeAtMs is 0').toBe(0);
    expect(run([], [task('t', { notBeforeMs: 9_000 })]).wakeAtMs, 'skipping happens even with no nodes').toBe(9_000);
  });
});

describe('scale', () => {
  const nodes = Array.from({ length: 100 }, (_, i) => node(`node-${String(i).padStart(3, '0')}`, { labels: { zone: `z${i % 3}` }, milliCpus: 16_000, memoryBytes: 64 * GiB }));

  it('places 1,000 identical tasks on 100 nodes (10 each)', () => {
    const r = run(nodes, tasks(1000, 't', { milliCpus: 100, memoryBytes: 256 * MiB }));
    expect(r.assigned.length, 'all 1,000 assigned').toBe(1000);
    expect(new Set(Object.values(perNode(r))), 'exactly 10 on every one of the 100 nodes').toEqual(new Set([10]));
    expect(Object.keys(perNode(r)).length, 'all 100 nodes used').toBe(100);
  });

  it('places 1,000 tasks spread over 3 zones of 34, 33 and 33 nodes', () => {
    const r = run(nodes, tasks(1000, 't', { milliCpus: 100, memoryBytes: 256 * MiB, spread: ['zone'] }));
    expect(r.assigned.length, 'all 1,000 assigned').toBe(1000);
    const zoneOf = new Map(nodes.map((n) => [n.id, n.spec!.labels.zone]));
    const byZone: Record<string, number[]> = {};
    for (const [id, n] of Object.entries(perNode(r))) (byZone[zoneOf.get(id)!] ??= []).push(n);
    const zoneTotals = Object.values(byZone).map((c) => c.reduce((a, b) => a + b, 0));
    expect(Math.max(...zoneTotals) - Math.min(...zoneTotals), `zone totals ${zoneTotals} within 1 of each other`).toBeLessThanOrEqual(1);
    for (const [zone, c] of Object.entries(byZone)) {
      expect(Math.max(...c) - Math.min(...c), `per-node counts in zone ${zone} within 1 of each other`).toBeLessThanOrEqual(1);
    }
  });
});
