// Properties of both reconcile steps over arbitrary states (fast-check; seeds are printed on
// failure and replay exactly).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTerminal } from '../../src/orchestrator/tasks.js';
import { reconcileService } from '../../src/orchestrator/index.js';
import type { Node, Service, Task } from '../../src/store/types.js';
import { applyActions, countActions, describeActions, idGen, node, service, SimCluster, task, withSpec } from './builders.js';

const NOW = 5_000_000;
const STATES = ['TASK_NEW', 'TASK_PENDING', 'TASK_ASSIGNED', 'TASK_ACCEPTED', 'TASK_PREPARING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_COMPLETE', 'TASK_SHUTDOWN', 'TASK_FAILED', 'TASK_REJECTED', 'TASK_ORPHANED', 'TASK_REMOVE'] as const;
const REASONS = ['', 'task failed: x', 'restart limit reached: 2 attempts within 10s; task failed: x', 'not restarted: task completed; the restart condition is on-failure', 'updated to spec version 2'];

const arbNode = (id: string): fc.Arbitrary<Node> =>
  fc
    .record({
      state: fc.constantFrom('NODE_READY', 'NODE_READY', 'NODE_DOWN', 'NODE_UNKNOWN') as fc.Arbitrary<'NODE_READY' | 'NODE_DOWN' | 'NODE_UNKNOWN'>,
      availability: fc.constantFrom('NODE_ACTIVE', 'NODE_ACTIVE', 'NODE_PAUSE', 'NODE_DRAIN') as fc.Arbitrary<'NODE_ACTIVE' | 'NODE_PAUSE' | 'NODE_DRAIN'>,
      zone: fc.constantFrom('east', 'west'),
    })
    .map((o) => node(id, { state: o.state, availability: o.availability, labels: { zone: o.zone } }));

const arbNodes: fc.Arbitrary<Map<string, Node>> = fc
  .tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean())
  .chain((present) => fc.tuple(...present.map((p, i) => (p ? arbNode(`n${i + 1}`).map((n) => [n]) : fc.constant([] as Node[])))))
  .map((lists) => new Map(lists.flat().map((n) => [n.id, n])));

const arbService: fc.Arbitrary<Service> = fc
  .record({
    global: fc.boolean(),
    replicas: fc.integer({ min: 0, max: 5 }),
    specVersion: fc.integer({ min: 1, max: 3 }),
    condition: fc.constantFrom('RESTART_ANY', 'RESTART_ON_FAILURE', 'RESTART_NONE') as fc.Arbitrary<'RESTART_ANY' | 'RESTART_ON_FAILURE' | 'RESTART_NONE'>,
    delayMs: fc.constantFrom(0, 1000),
    maxAttempts: fc.integer({ min: 0, max: 3 }),
    windowMs: fc.constantFrom(0, 10_000),
    parallelism: fc.integer({ min: 0, max: 2 }),
    constrained: fc.boolean(),
  })
  .map((o) =>
    service({
      global: o.global,
      replicas: o.replicas,
      specVersion: o.specVersion,
      restart: { condition: o.condition, delayMs: o.delayMs, maxAttempts: o.maxAttempts, windowMs: o.windowMs },
      parallelism: o.parallelism,
      constraints: o.constrained ? ['node.labels.zone != west'] : undefined,
    }),
  );

const arbTask = (i: number): fc.Arbitrary<Task> =>
  fc
    .record({
      slot: fc.integer({ min: 0, max: 6 }),
      nodeId: fc.constantFrom('', 'n1', 'n2', 'n3', 'n4', 'n5'),
      specVersion: fc.integer({ min: 1, max: 3 }),
      state: fc.constantFrom(...STATES),
      desired: fc.constantFrom('TASK_RUNNING', 'TASK_RUNNING', 'TASK_SHUTDOWN', 'TASK_REMOVE') as fc.Arbitrary<'TASK_RUNNING' | 'TASK_SHUTDOWN' | 'TASK_REMOVE'>,
      createdAtMs: fc.oneof(fc.integer({ min: 0, max: NOW }), fc.constant(NOW)),
      restartsMs: fc.array(fc.integer({ min: NOW - 20_000, max: NOW }), { maxLength: 4 }).map((a) => a.sort((x, y) => x - y)),
      reason: fc.constantFrom(...REASONS),
    })
    .map((o) => task({ id: `x${i}`, slot: o.slot, nodeId: o.nodeId, specVersion: o.specVersion, state: o.state, desired: o.desired, createdAtMs: o.createdAtMs, restartsMs: o.restartsMs, shutdownReason: o.reason }));

const arbTasks: fc.Arbitrary<Task[]> = fc.integer({ min: 0, max: 14 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbTask(i))));

/** Slot (replicated) or node (global) of each desired-RUNNING task, and how many share it. */
function desiredRunningPerPlace(svc: Service, tasks: readonly Task[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tasks) {
    if (t.desiredState !== 'TASK_RUNNING') continue;
    const k = svc.spec!.mode === 'global' ? `node ${t.nodeId}` : `slot ${t.slot}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

describe('reconcile properties', () => {
  it('is idempotent: after its actions are applied, reconciling again (now or later) finds nothing to do', () => {
    fc.assert(
      fc.property(arbService, arbNodes, arbTasks, fc.integer({ min: 0, max: 120_000 }), fc.integer({ min: 0, max: 6 }), (svc, nodes, tasks, laterMs, limit) => {
        const newId = idGen();
        const first = reconcileService({ service: svc, tasks, nodes, nowMs: NOW, taskHistoryLimit: limit, newId });
        const after = applyActions(tasks, first, NOW);
        // The step may also change the service (its update status): the second pass reads it back.
        const svc2 = first.service ? { ...first.service, meta: { ...first.service.meta!, version: first.service.meta!.version + 1 } } : svc;
        const second = reconcileService({ service: svc2, tasks: after, nodes, nowMs: NOW + laterMs, taskHistoryLimit: limit, newId });
        expect(countActions(second), `expected no actions on the second pass; first ${describeActions(first)}, second ${describeActions(second)}`).toBe(0);
        expect(second.service?.updateStatus ?? null, 'expected no further change of the update status on the second pass').toBe(null);
        expect(second.wakeAtMs, 'expected no wake-up request').toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('never leaves two desired-RUNNING tasks in one slot (or on one node), and creates only where none runs', () => {
    fc.assert(
      fc.property(arbService, arbNodes, arbTasks, (svc, nodes, tasks) => {
        const a = reconcileService({ service: svc, tasks, nodes, nowMs: NOW, taskHistoryLimit: 5, newId: idGen() });
        const after = applyActions(tasks, a, NOW);
        for (const [place, n] of desiredRunningPerPlace(svc, after)) expect(n, `expected at most one desired-RUNNING task in ${place}`).toBeLessThanOrEqual(1);
        const replicas = svc.spec!.mode === 'replicated' ? svc.spec!.replicated!.replicas : 0;
        for (const t of a.create) {
          expect(t.desiredState, 'expected new tasks desired RUNNING').toBe('TASK_RUNNING');
          expect(t.specVersion, 'expected new tasks of the current spec version').toBe(svc.specVersion);
          if (svc.spec!.mode === 'replicated') expect(t.slot >= 1 && t.slot <= replicas, `expected slot ${t.slot} within 1..${replicas}`).toBe(true);
          else expect(nodes.get(t.nodeId)?.status?.state, `expected global task on an existing READY node, got ${t.nodeId}`).toBe('NODE_READY');
        }
        for (const id of a.remove) {
          const t = tasks.find((x) => x.id === id)!;
          const mayRun = !isTerminal(t.status!.state) && t.nodeId !== '' && nodes.has(t.nodeId);
          expect(mayRun, `expected removed task ${id} not to be possibly running (status ${t.status!.state} on ${t.nodeId || 'no node'})`).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a simulated cluster under random events keeps one task per slot and converges to the replicas', () => {
    const event = fc.oneof(
      fc.record({ kind: fc.constant('fail' as const), which: fc.nat(), state: fc.constantFrom('TASK_FAILED', 'TASK_COMPLETE', 'TASK_REJECTED') as fc.Arbitrary<'TASK_FAILED' | 'TASK_COMPLETE' | 'TASK_REJECTED'> }),
      fc.record({ kind: fc.constant('node' as const), id: fc.constantFrom('n1', 'n2', 'n3'), to: fc.constantFrom('down', 'drain', 'ready', 'pause') }),
      fc.record({ kind: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant('update' as const) }),
      fc.record({ kind: fc.constant('leader' as const) }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), fc.integer({ min: 0, max: 2 }), (events, parallelism) => {
        // failure action continue: the random failures would otherwise (rightly) pause the updates.
        const c = new SimCluster(
          service({ replicas: 3, parallelism, restart: { delayMs: 0, maxAttempts: 0 }, update: { failureAction: 'UPDATE_CONTINUE' } }),
          new Map(['n1', 'n2', 'n3'].map((id) => [id, node(id)])),
        );
        c.settle();
        for (const e of events) {
          c.nowMs += 1000;
          if (e.kind === 'fail') {
            const running = c.tasks.filter((t) => t.desiredState === 'TASK_RUNNING' && t.status!.state === 'TASK_RUNNING');
            if (running.length > 0) c.setStatus(running[e.which % running.length]!.id, e.state);
          } else if (e.kind === 'node') {
            const o = { down: { state: 'NODE_DOWN' }, drain: { availability: 'NODE_DRAIN' }, ready: {}, pause: { availability: 'NODE_PAUSE' } }[e.to] as Parameters<typeof node>[1];
            c.nodes.set(e.id, node(e.id, o));
          } else if (e.kind === 'scale') {
            c.service = withSpec(c.service, (s) => (s.replicated!.replicas = e.replicas));
          } else if (e.kind === 'update') {
            c.service = withSpec(c.service, (s) => (s.task!.process!.args = [String(c.nowMs)]));
          } else {
            c.leaderChange();
          }
          c.reconcile();
          for (const [place, n] of desiredRunningPerPlace(c.service, c.tasks)) expect(n, `expected at most one desired-RUNNING task in ${place}`).toBeLessThanOrEqual(1);
          c.schedulerAndAgents();
        }
        // Every node back to READY/ACTIVE, then settle: every slot runs the current spec version.
        for (const id of ['n1', 'n2', 'n3']) c.nodes.set(id, node(id));
        c.nowMs += 1000;
        c.settle();
        const replicas = c.service.spec!.replicated!.replicas;
        const running = c.desiredRunning();
        expect(
          running.map((t) => [t.slot, t.specVersion, t.status!.state]),
          `expected slots 1..${replicas} running spec version ${c.service.specVersion}`,
        ).toEqual(Array.from({ length: replicas }, (_, i) => [i + 1, c.service.specVersion, 'TASK_RUNNING']));
        const perSlot = new Map<number, number>();
        for (const t of c.tasks) if (t.desiredState !== 'TASK_RUNNING') perSlot.set(t.slot, (perSlot.get(t.slot) ?? 0) + 1);
        for (const [slot, n] of perSlot) expect(n, `expected at most 5 finished tasks kept in slot ${slot}`).toBeLessThanOrEqual(5);
      }),
      { numRuns: 300 },
    );
  });
});
