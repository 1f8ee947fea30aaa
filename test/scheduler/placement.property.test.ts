// Property tests of place() over random clusters: what it assigns is always allowed (checked by an
// independent model of the filters, written from the spec of each filter, not from placement.ts),
// every pending task is accounted for, a task left unplaced really fits nowhere, the result does
// not depend on input order, and identical tasks spread evenly.
//
// Reproducing a failure: fast-check prints the seed and path of the failing run; set FC_SEED to
// that seed (and FC_PATH to the path) to replay it, e.g. FC_SEED=123 npx vitest run test/scheduler.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { place, type PlacementInput, type PlacementResult } from '../../src/scheduler/placement.js';
import type { Node, Task } from '../../src/store/types.js';
import { GiB, MiB, node, perNode, task, type TaskOptions } from './fixtures.js';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const path = process.env.FC_PATH;
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, ...(seed !== undefined ? { seed } : {}), ...(path ? { path } : {}) });

const NOW_MS = 1_000;

// ------------------------------------------------------------------ generators

/** A constraint as data (for the model) and as text (for the spec), with random spacing. */
interface ModelConstraint {
  field: 'zone' | 'disk' | 'role' | 'hostname' | 'id';
  op: '==' | '!=';
  value: string;
}

const constraintArb: fc.Arbitrary<ModelConstraint> = fc.oneof(
  fc.record({ field: fc.constant('zone' as const), op: fc.constantFrom('==' as const, '!=' as const), value: fc.constantFrom('a', 'b', 'c') }),
  fc.record({ field: fc.constant('disk' as const), op: fc.constantFrom('==' as const, '!=' as const), value: fc.constantFrom('ssd', 'hdd') }),
  fc.record({ field: fc.constant('role' as const), op: fc.constantFrom('==' as const, '!=' as const), value: fc.constantFrom('manager', 'worker') }),
  fc.record({ field: fc.constant('hostname' as const), op: fc.constantFrom('==' as const, '!=' as const), value: fc.constantFrom('h0', 'h1', 'h2') }),
  fc.record({ field: fc.constant('id' as const), op: fc.constantFrom('==' as const, '!=' as const), value: fc.constantFrom('n0', 'n1', 'n3') }),
);

function constraintText(c: ModelConstraint, tight: boolean): string {
  const lhs = c.field === 'zone' || c.field === 'disk' ? `node.labels.${c.field}` : `node.${c.field}`;
  return tight ? `${lhs}${c.op}${c.value}` : `${lhs} ${c.op} ${c.value}`;
}

const nodeArb = fc.record({
  state: fc.oneof({ weight: 6, arbitrary: fc.constant('NODE_READY' as const) }, { weight: 1, arbitrary: fc.constantFrom('NODE_DOWN' as const, 'NODE_UNKNOWN' as const) }),
  availability: fc.oneof({ weight: 6, arbitrary: fc.constant('NODE_ACTIVE' as const) }, { weight: 1, arbitrary: fc.constantFrom('NODE_PAUSE' as const, 'NODE_DRAIN' as const) }),
  role: fc.constantFrom('NODE_WORKER' as const, 'NODE_MANAGER' as const),
  zone: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
  disk: fc.option(fc.constantFrom('ssd', 'hdd'), { nil: undefined }),
  runtimes: fc.oneof({ weight: 4, arbitrary: fc.constant(['process', 'runc']) }, { weight: 1, arbitrary: fc.subarray(['process', 'runc']) }),
  milliCpus: fc.constantFrom(0, 1000, 2000, 4000),
  memoryBytes: fc.constantFrom(0, GiB, 2 * GiB, 4 * GiB),
});

const PORTS = [
  { name: 'web', protocol: 'PORT_TCP' as const, targetPort: 80 },
  { name: 'dns', protocol: 'PORT_UDP' as const, targetPort: 53 },
  { name: 'alt', protocol: 'PORT_TCP' as const, targetPort: 81 },
];

const serviceArb = fc.record({
  runtime: fc.oneof({ weight: 3, arbitrary: fc.constant('process' as const) }, { weight: 1, arbitrary: fc.constant('container' as const) }),
  milliCpus: fc.constantFrom(0, 250, 500, 1000, 1500),
  memoryBytes: fc.constantFrom(0, 256 * MiB, 512 * MiB, GiB),
  constraints: fc.array(fc.tuple(constraintArb, fc.boolean()), { maxLength: 2 }),
  spread: fc.subarray(['zone', 'disk']),
  maxPerNode: fc.constantFrom(0, 0, 1, 2, 3),
  // published port per spec port (0: the worker picks one); 8080 on both protocols tests protocol separation.
  published: fc.tuple(fc.constantFrom(0, 8080, 9000), fc.constantFrom(0, 8080), fc.constantFrom(0, 9000)),
  portCount: fc.nat(3),
});
type ServiceShape = typeof serviceArb extends fc.Arbitrary<infer T> ? T : never;

const placedArb = fc.record({
  service: fc.nat(3),
  node: fc.nat(9),
  /** A host port the worker picked for the first spec port (0: none), and whether the assigned port names no spec port. */
  hostPort: fc.constantFrom(0, 0, 8080, 9000),
  unknownName: fc.boolean(),
});

const pendingArb = fc.record({
  service: fc.nat(3),
  pinnedTo: fc.option(fc.nat(10), { nil: undefined, freq: 4 }),
  notBeforeMs: fc.constantFrom(0, 0, 0, 500, 1_000, 1_500, 3_000),
  specVersion: fc.constantFrom(1, 1, 2),
});

const clusterArb = fc.record({
  nodes: fc.array(nodeArb, { maxLength: 10 }),
  services: fc.array(serviceArb, { minLength: 4, maxLength: 4 }),
  placed: fc.array(placedArb, { maxLength: 15 }),
  pending: fc.array(pendingArb, { maxLength: 40 }),
});
type Cluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function serviceOptions(s: ServiceShape, serviceIndex: number): TaskOptions {
  return {
    service: `s${serviceIndex}`,
    runtime: s.runtime,
    milliCpus: s.milliCpus,
    memoryBytes: s.memoryBytes,
    constraints: s.constraints.map(([c, tight]) => constraintText(c, tight)),
    spread: s.spread,
    maxPerNode: s.maxPerNode,
    ports: PORTS.slice(0, s.portCount).map((p, i) => ({ ...p, publishedPort: s.published[i] })),
  };
}

function buildInput(c: Cluster): PlacementInput {
  // Node ids are not in index order, so ordering by id is exercised.
  const nodes = c.nodes.map((n, i) =>
    node(`n${(i * 7) % 10}`, {
      hostname: `h${i}`,
      state: n.state,
      availability: n.availability,
      role: n.role,
      labels: { ...(n.zone ? { zone: n.zone } : {}), ...(n.disk ? { disk: n.disk } : {}) },
      runtimes: [...n.runtimes],
      milliCpus: n.milliCpus,
      memoryBytes: n.memoryBytes,
    }),
  );
  const nodeId = (i: number) => (nodes.length === 0 ? 'n-none' : nodes[i % nodes.length].id);
  const placed = c.placed.map((p, i) => {
    const o = serviceOptions(c.services[p.service], p.service);
    const first = o.ports![0];
    const assignedPorts = p.hostPort !== 0 && first ? [{ name: p.unknownName ? 'gone' : first.name, targetPort: first.targetPort, hostPort: p.hostPort }] : [];
    return task(`p${i}`, { ...o, nodeId: nodeId(p.node), assignedPorts, specVersion: 1 });
  });
  const pending = c.pending.map((p, i) => {
    // pinnedTo 10 names a node that is not in the cluster.
    const pin = p.pinnedTo === undefined ? '' : p.pinnedTo === 10 ? 'n-gone' : nodeId(p.pinnedTo);
    return task(`t${i}`, { ...serviceOptions(c.services[p.service], p.service), nodeId: pin, state: 'TASK_PENDING', notBeforeMs: p.notBeforeMs, specVersion: p.specVersion, slot: pin ? 0 : i + 1 });
  });
  return { nodes, placed, pending, nowMs: NOW_MS };
}

// ------------------------------------------------------------------ the model

function modelMeets(c: ModelConstraint, n: Node): boolean {
  const labels = n.spec!.labels;
  const actual =
    c.field === 'zone' || c.field === 'disk' ? labels[c.field] : c.field === 'role' ? (n.spec!.role === 'NODE_MANAGER' ? 'manager' : 'worker') : c.field === 'hostname' ? n.hostname : n.id;
  return c.op === '==' ? actual === c.value : actual !== c.value;
}

/** The host ports a task holds on its node: published spec ports, and assigned host ports (protocol from the spec port of that name, both if none). */
function heldPorts(t: Task): string[] {
  const out = t.spec!.ports.filter((p) => p.publishedPort !== 0).map((p) => `${p.protocol}/${p.publishedPort}`);
  for (const a of t.ports) {
    if (a.hostPort === 0) continue;
    const p = t.spec!.ports.find((q) => q.name === a.name);
    if (p) out.push(`${p.protocol}/${a.hostPort}`);
    else out.push(`PORT_TCP/${a.hostPort}`, `PORT_UDP/${a.hostPort}`);
  }
  return out;
}

/** Why the model says task t cannot go to node n, given the tasks on n (excluding t); null if it can. */
function modelRefusal(n: Node, t: Task, onNode: Task[], constraintsOf: (t: Task) => ModelConstraint[]): string | null {
  if (n.status!.state !== 'NODE_READY') return 'node not ready';
  if (n.spec!.availability !== 'NODE_ACTIVE') return 'node not active';
  if (!n.runtimes.includes(t.spec!.runtime === 'process' ? 'process' : 'runc')) return 'runtime missing';
  for (const c of constraintsOf(t)) if (!modelMeets(c, n)) return `constraint ${JSON.stringify(c)} not met`;
  const r = t.spec!.reservations!;
  const cpu = onNode.reduce((sum, x) => sum + x.spec!.reservations!.milliCpus, 0);
  const mem = onNode.reduce((sum, x) => sum + x.spec!.reservations!.memoryBytes, 0);
  if (r.milliCpus > 0 && n.resources!.milliCpus > 0 && cpu + r.milliCpus > n.resources!.milliCpus) return `cpu over-committed (${cpu} + ${r.milliCpus} > ${n.resources!.milliCpus})`;
  if (r.memoryBytes > 0 && n.resources!.memoryBytes > 0 && mem + r.memoryBytes > n.resources!.memoryBytes) return `memory over-committed (${mem} + ${r.memoryBytes} > ${n.resources!.memoryBytes})`;
  const held = new Set(onNode.flatMap(heldPorts));
  for (const p of t.spec!.ports) if (p.publishedPort !== 0 && held.has(`${p.protocol}/${p.publishedPort}`)) return `host port ${p.protocol}/${p.publishedPort} taken`;
  const max = t.spec!.placement!.maxReplicasPerNode;
  if (max > 0 && onNode.filter((x) => x.serviceId === t.serviceId).length >= max) return `max_replicas_per_node ${max} reached`;
  return null;
}

function checkResult(c: Cluster, input: PlacementInput, r: PlacementResult): void {
  const constraintsOf = (t: Task) => c.services[Number(t.serviceId.slice(1))].constraints.map(([x]) => x);
  const nodeById = new Map(input.nodes.map((n) => [n.id, n]));
  const pendingById = new Map(input.pending.map((t) => [t.id, t]));

  // Every pending task exactly once: assigned, unplaced with a reason, or skipped (not due yet).
  const assigned = new Map(r.assigned.map((a) => [a.taskId, a.nodeId]));
  const unplaced = new Map(r.unplaced.map((u) => [u.taskId, u.reason]));
  expect(assigned.size + unplaced.size, 'no task is reported twice').toBe(r.assigned.length + r.unplaced.length);
  let wake = 0;
  for (const t of input.pending) {
    const due = t.notBeforeMs <= NOW_MS;
    const outcomes = Number(assigned.has(t.id)) + Number(unplaced.has(t.id));
    expect(outcomes, `task ${t.id} (not_before_ms ${t.notBeforeMs}) should be ${due ? 'assigned or unplaced' : 'skipped'}`).toBe(due ? 1 : 0);
    if (unplaced.has(t.id)) expect(unplaced.get(t.id)!.length, `task ${t.id} unplaced with a non-empty reason`).toBeGreaterThan(0);
    if (!due && (wake === 0 || t.notBeforeMs < wake)) wake = t.notBeforeMs;
  }
  for (const id of [...assigned.keys(), ...unplaced.keys()]) expect(pendingById.has(id), `result task ${id} should be a pending task`).toBe(true);
  expect(r.wakeAtMs, 'wakeAtMs is the earliest not_before_ms of a skipped task, or 0').toBe(wake);

  // Replay the assignments in order against the model: each must have been allowed when made.
  // (Any order gives the same final sums, so this also shows no node ends over-committed.)
  const onNode = new Map<string, Task[]>();
  for (const t of input.placed) {
    if (!onNode.has(t.nodeId)) onNode.set(t.nodeId, []);
    onNode.get(t.nodeId)!.push(t);
  }
  for (const a of r.assigned) {
    const t = pendingById.get(a.taskId)!;
    const n = nodeById.get(a.nodeId);
    expect(n, `task ${t.id} assigned to a node in the cluster (got ${a.nodeId})`).toBeDefined();
    if (t.nodeId) expect(a.nodeId, `pinned task ${t.id} assigned to its own node`).toBe(t.nodeId);
    const list = onNode.get(a.nodeId) ?? [];
    expect(modelRefusal(n!, t, list, constraintsOf), `task ${t.id} on ${a.nodeId} should pass every filter`).toBeNull();
    list.push(t);
    onNode.set(a.nodeId, list);
  }

  // A task left unplaced fits nowhere, even now (resources and ports only fill up in a call).
  for (const [id, reason] of unplaced) {
    const t = pendingById.get(id)!;
    const candidates = t.nodeId ? input.nodes.filter((n) => n.id === t.nodeId) : input.nodes;
    for (const n of candidates) {
      expect(modelRefusal(n, t, onNode.get(n.id) ?? [], constraintsOf), `unplaced task ${id} ("${reason}") should not fit on ${n.id}`).not.toBeNull();
    }
  }
}

describe('place() properties', () => {
  it('property: only allowed assignments, every task accounted for, unplaced tasks fit nowhere', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const input = buildInput(c);
        checkResult(c, input, place(input));
      }),
      params(500),
    );
  });

  it('property: the result does not depend on the order of nodes, placed and pending tasks', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const input = buildInput(c);
        const reversed: PlacementInput = { ...input, nodes: [...input.nodes].reverse(), placed: [...input.placed].reverse(), pending: [...input.pending].reverse() };
        expect(place(reversed), 'the same result for reversed inputs').toEqual(place(input));
      }),
      params(200),
    );
  });

  it('property: identical unconstrained tasks on identical empty nodes differ by at most 1 per node', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(80), (nodeCount, taskCount) => {
        const nodes = Array.from({ length: nodeCount }, (_, i) => node(`n${i}`, { milliCpus: 64_000, memoryBytes: 64 * GiB }));
        const pending = Array.from({ length: taskCount }, (_, i) => task(`t${i}`, { slot: i + 1, milliCpus: 100, memoryBytes: 64 * MiB }));
        const r = place({ nodes, placed: [], pending, nowMs: NOW_MS });
        expect(r.assigned.length, 'every task assigned').toBe(taskCount);
        const m = perNode(r);
        const counts = nodes.map((n) => m[n.id] ?? 0);
        expect(Math.max(...counts) - Math.min(...counts), `per-node counts ${counts} within 1 of each other`).toBeLessThanOrEqual(1);
      }),
      params(200),
    );
  });

  it('property: with a spread preference, the label groups differ by at most 1', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }), { minLength: 1, maxLength: 12 }), fc.nat(60), (zones, taskCount) => {
        const nodes = zones.map((z, i) => node(`n${i}`, { labels: z ? { zone: z } : {} }));
        const pending = Array.from({ length: taskCount }, (_, i) => task(`t${i}`, { slot: i + 1, spread: ['zone'] }));
        const r = place({ nodes, placed: [], pending, nowMs: NOW_MS });
        expect(r.assigned.length, 'every task assigned').toBe(taskCount);
        const zoneOf = new Map(nodes.map((n) => [n.id, n.spec!.labels.zone ?? '(none)']));
        const groups = new Map([...new Set(zoneOf.values())].map((z) => [z, 0]));
        for (const a of r.assigned) groups.set(zoneOf.get(a.nodeId)!, groups.get(zoneOf.get(a.nodeId)!)! + 1);
        const counts = [...groups.values()];
        expect(Math.max(...counts) - Math.min(...counts), `per-zone counts ${JSON.stringify([...groups])} within 1 of each other`).toBeLessThanOrEqual(1);
      }),
      params(200),
    );
  });
});
