import { describe, expect, it } from 'vitest';
import { reconcileRemoved, reconcileReplicated } from '../../src/orchestrator/replicated.js';
import { RESTART_LIMIT_REACHED } from '../../src/orchestrator/restart.js';
import { applyActions, describeActions, idGen, input, node, nodeMap, service, SimCluster, task, withSpec } from './builders.js';

const NOW = 1_000_000;
const ready = () => nodeMap(node('n1', { hostname: 'w1' }), node('n2', { hostname: 'w2' }), node('n3', { hostname: 'w3' }));

describe('scaling', () => {
  it('scale up from 0 creates one PENDING task per slot 1..N, desired RUNNING, no node', () => {
    const svc = service({ replicas: 3, specVersion: 4 });
    const a = reconcileReplicated(input(svc, [], ready(), NOW));
    expect(a.create.map((t) => t.slot), 'expected new tasks in slots 1, 2, 3').toEqual([1, 2, 3]);
    expect(a.update, 'expected no updates when there are no tasks').toEqual([]);
    expect(a.remove, 'expected no removals when there are no tasks').toEqual([]);
    expect(a.wakeAtMs, 'expected no wake-up: nothing here depends on time').toBe(0);
    for (const t of a.create) {
      expect(t.serviceId, 'expected the task to belong to the service').toBe('svc1');
      expect(t.specVersion, 'expected the task to record the service spec_version').toBe(4);
      expect(t.spec, 'expected the task to carry the service task spec').toEqual(svc.spec!.task);
      expect(t.desiredState, 'expected desired RUNNING').toBe('TASK_RUNNING');
      expect(t.status, 'expected status PENDING, stamped now, "waiting for a node"').toEqual({ state: 'TASK_PENDING', timestampMs: NOW, message: 'waiting for a node', error: '', exitCode: 0 });
      expect(t.nodeId, 'expected no node (the scheduler assigns one)').toBe('');
      expect(t.restartsMs, 'expected no restart history on a new slot').toEqual([]);
      expect(t.notBeforeMs, 'expected no start delay on a new slot').toBe(0);
    }
    expect(new Set(a.create.map((t) => t.id)).size, 'expected distinct ids').toBe(3);
  });

  it('scale down removes the highest slots first (desired REMOVE, "scaled down")', () => {
    const tasks = [1, 2, 3, 4, 5].map((s) => task({ id: `a${s}`, slot: s, nodeId: 'n1' }));
    const a = reconcileReplicated(input(service({ replicas: 2 }), tasks, ready(), NOW));
    expect(a.update.map((t) => [t.id, t.desiredState, t.shutdownReason]), 'expected slots 3, 4, 5 to be told REMOVE with reason "scaled down"').toEqual([
      ['a3', 'TASK_REMOVE', 'scaled down'],
      ['a4', 'TASK_REMOVE', 'scaled down'],
      ['a5', 'TASK_REMOVE', 'scaled down'],
    ]);
    expect(a.create, 'expected nothing created on scale down').toEqual([]);
    expect(a.remove, 'expected running tasks to stay in the store until they stopped').toEqual([]);
  });

  it('scale down deletes at once tasks that never got a node, and deletes the others once stopped', () => {
    const tasks = [task({ id: 'a1', slot: 1, nodeId: 'n1' }), task({ id: 'a2', slot: 2, state: 'TASK_PENDING' }), task({ id: 'a3', slot: 3, nodeId: 'n2' })];
    const a = reconcileReplicated(input(service({ replicas: 1 }), tasks, ready(), NOW));
    expect(a.remove, 'expected the unscheduled task of slot 2 to be deleted at once').toEqual(['a2']);
    expect(a.update.map((t) => t.id), 'expected only the running task of slot 3 to be told REMOVE').toEqual(['a3']);
    const after = applyActions(tasks, a, NOW).map((t) => (t.id === 'a3' ? { ...t, status: { ...t.status!, state: 'TASK_SHUTDOWN' as const } } : t));
    const b = reconcileReplicated(input(service({ replicas: 1 }), after, ready(), NOW + 1));
    expect(b.remove, 'expected the stopped REMOVE task to be deleted').toEqual(['a3']);
  });

  it('a simulated cluster converges to N running tasks after scaling up and down', () => {
    const c = new SimCluster(service({ replicas: 4 }), ready());
    c.settle();
    expect(c.desiredRunning().map((t) => [t.slot, t.status!.state]), 'expected 4 running slots').toEqual([1, 2, 3, 4].map((s) => [s, 'TASK_RUNNING']));
    c.service = withSpec(c.service, (s) => (s.replicated!.replicas = 2));
    c.settle();
    expect(c.desiredRunning().map((t) => t.slot), 'expected slots 1 and 2 to remain after scaling to 2').toEqual([1, 2]);
    expect(c.tasks.filter((t) => t.slot > 2), 'expected the tasks of slots 3 and 4 to be deleted once stopped').toEqual([]);
  });
});

describe('replacing tasks that ended (restart policy)', () => {
  it('a failed task is replaced in the same slot; restarts_ms carried; old task desired SHUTDOWN with a reason', () => {
    const svc = service({ replicas: 2, restart: { delayMs: 0 } });
    const tasks = [task({ id: 'a1', slot: 1, nodeId: 'n1' }), task({ id: 'a2', slot: 2, nodeId: 'n2', state: 'TASK_FAILED', message: 'exit code 1', restartsMs: [NOW - 5000] })];
    const a = reconcileReplicated(input(svc, tasks, ready(), NOW));
    expect(a.update.map((t) => [t.id, t.desiredState, t.shutdownReason]), 'expected the failed task told SHUTDOWN, reason "task failed: exit code 1"').toEqual([['a2', 'TASK_SHUTDOWN', 'task failed: exit code 1']]);
    expect(a.create.length, 'expected one replacement').toBe(1);
    const r = a.create[0]!;
    expect(r.slot, 'expected the replacement in slot 2').toBe(2);
    expect(r.restartsMs, 'expected the old restart history plus this restart').toEqual([NOW - 5000, NOW]);
    expect(r.nodeId, 'expected the replacement to be scheduled afresh').toBe('');
    expect(r.notBeforeMs, 'expected no delay with delay_ms 0').toBe(0);
  });

  it('condition any: a COMPLETE task is replaced too', () => {
    const a = reconcileReplicated(input(service({ restart: { condition: 'RESTART_ANY' } }), [task({ id: 'a1', nodeId: 'n1', state: 'TASK_COMPLETE' })], ready(), NOW));
    expect(a.create.length, 'expected a replacement for the completed task under RESTART_ANY').toBe(1);
    expect(a.update[0]?.shutdownReason, 'expected reason "task completed"').toBe('task completed');
  });

  it('condition on-failure: FAILED and REJECTED are replaced; COMPLETE is not and its slot stays empty', () => {
    const svc = service({ replicas: 3, restart: { condition: 'RESTART_ON_FAILURE' } });
    const tasks = [
      task({ id: 'a1', slot: 1, nodeId: 'n1', state: 'TASK_FAILED', message: 'exit code 2' }),
      task({ id: 'a2', slot: 2, nodeId: 'n1', state: 'TASK_REJECTED', message: 'no such command' }),
      task({ id: 'a3', slot: 3, nodeId: 'n1', state: 'TASK_COMPLETE', message: 'exit code 0' }),
    ];
    const a = reconcileReplicated(input(svc, tasks, ready(), NOW));
    expect(a.create.map((t) => t.slot), 'expected replacements for the FAILED (slot 1) and REJECTED (slot 2) tasks only').toEqual([1, 2]);
    const a3 = a.update.find((t) => t.id === 'a3');
    expect(a3?.desiredState, 'expected the completed task to be told SHUTDOWN (it is done)').toBe('TASK_SHUTDOWN');
    expect(a3?.shutdownReason, 'expected the reason to say it is not restarted and why').toBe('not restarted: task completed: exit code 0; the restart condition is on-failure');
    const after = applyActions(tasks, a, NOW);
    const b = reconcileReplicated(input(svc, after, ready(), NOW + 60_000));
    expect(describeActions(b), 'expected the completed slot not to be filled again later').toBe(describeActions({ create: [], update: [], remove: [], wakeAtMs: 0 }));
  });

  it('condition none: nothing is replaced', () => {
    const svc = service({ restart: { condition: 'RESTART_NONE' } });
    const a = reconcileReplicated(input(svc, [task({ id: 'a1', nodeId: 'n1', state: 'TASK_FAILED', message: 'boom' })], ready(), NOW));
    expect(a.create, 'expected no replacement under RESTART_NONE').toEqual([]);
    expect(a.update[0]?.shutdownReason, 'expected the reason to name the condition').toBe('not restarted: task failed: boom; the restart condition is none');
  });

  it('a settled slot (not restarted) gets a task again once the spec version changes', () => {
    const svc = service({ restart: { condition: 'RESTART_NONE' } });
    const tasks = [task({ id: 'a1', nodeId: 'n1', state: 'TASK_FAILED', desired: 'TASK_SHUTDOWN', shutdownReason: 'not restarted: task failed: boom; the restart condition is none' })];
    expect(reconcileReplicated(input(svc, tasks, ready(), NOW)).create, 'expected no new task while the spec is unchanged').toEqual([]);
    const svc2 = withSpec(svc, (s) => (s.task!.process!.args = ['2000']));
    const a = reconcileReplicated(input(svc2, tasks, ready(), NOW));
    expect(a.create.map((t) => [t.slot, t.specVersion, t.restartsMs]), 'expected a fresh task of spec version 2 in slot 1').toEqual([[1, 2, []]]);
  });
});

describe('restart limit (max_attempts within window_ms)', () => {
  const policy = { delayMs: 0, maxAttempts: 3, windowMs: 60_000 };

  /** Fails the current task of slot 1, then reconciles and runs what was created. */
  function failAndReconcile(c: SimCluster): void {
    const cur = c.currentOfSlot(1)!;
    c.setStatus(cur.id, 'TASK_FAILED', 'exit code 1');
    c.reconcile();
    c.schedulerAndAgents();
  }

  it('stops restarting after max_attempts restarts within the window and does not fill the slot again', () => {
    const c = new SimCluster(service({ restart: policy }), ready());
    c.settle();
    for (let i = 0; i < 3; i++) {
      c.nowMs += 1000;
      failAndReconcile(c);
      expect(c.currentOfSlot(1)?.status?.state, `expected restart ${i + 1} of 3 to run`).toBe('TASK_RUNNING');
    }
    expect(c.currentOfSlot(1)!.restartsMs.length, 'expected the running task to carry 3 restarts').toBe(3);
    c.nowMs += 1000;
    failAndReconcile(c);
    expect(c.currentOfSlot(1), 'expected no task desired RUNNING in slot 1 after the limit').toBeUndefined();
    const last = c.inSlot(1).find((t) => t.shutdownReason.startsWith(RESTART_LIMIT_REACHED));
    expect(last?.shutdownReason, 'expected the failed task to say the limit was reached').toBe('restart limit reached: 3 attempts within 60s; task failed: exit code 1');
    // Later reconciles, also by a new leader reading the stored state, leave the slot alone.
    c.nowMs += 10 * 60_000;
    c.leaderChange();
    expect(c.settle(), 'expected the slot to stay empty (settled in one round)').toBe(1);
    expect(c.currentOfSlot(1), 'expected no new task in slot 1 while the spec is unchanged').toBeUndefined();
    // A new spec version gives the slot a fresh start.
    c.service = withSpec(c.service, (s) => (s.task!.process!.command = 'fixed'));
    c.settle();
    expect(c.currentOfSlot(1)?.specVersion, 'expected slot 1 to run spec version 2 after the update').toBe(2);
    expect(c.currentOfSlot(1)?.restartsMs, 'expected a fresh restart history for the new spec version').toEqual([]);
  });

  it('a leader change does not reset the count: the history is read back from the stored tasks', () => {
    const c = new SimCluster(service({ restart: policy }), ready());
    c.settle();
    c.nowMs += 1000;
    failAndReconcile(c);
    c.nowMs += 1000;
    failAndReconcile(c);
    c.leaderChange();
    expect(c.currentOfSlot(1)!.restartsMs.length, 'expected 2 restarts to survive the leader change').toBe(2);
    c.nowMs += 1000;
    failAndReconcile(c);
    expect(c.currentOfSlot(1), 'expected the third restart to happen').toBeDefined();
    c.leaderChange();
    c.nowMs += 1000;
    failAndReconcile(c);
    expect(c.currentOfSlot(1), 'expected the fourth failure to hit the limit of 3 after two leader changes').toBeUndefined();
  });

  it('restarts older than the window do not count', () => {
    const c = new SimCluster(service({ restart: policy }), ready());
    c.settle();
    for (let i = 0; i < 3; i++) {
      c.nowMs += 1000;
      failAndReconcile(c);
    }
    c.nowMs += 61_000;
    failAndReconcile(c);
    expect(c.currentOfSlot(1)?.status?.state, 'expected a restart once the earlier ones left the 60 s window').toBe('TASK_RUNNING');
    expect(c.currentOfSlot(1)?.restartsMs, 'expected only the restart within the window to be kept').toEqual([c.nowMs]);
  });
});

describe('back-off', () => {
  it('delays restarts delay_ms * 1, 2, 4, ... within 60 s, capped at 60 s', () => {
    const svc = service({ restart: { delayMs: 10_000 } });
    let tasks = [task({ id: 'a1', nodeId: 'n1' })];
    const newId = idGen();
    const delays: number[] = [];
    let now = NOW;
    for (let i = 0; i < 5; i++) {
      now += 100;
      const cur = tasks.find((t) => t.desiredState === 'TASK_RUNNING')!;
      tasks = tasks.map((t) => (t === cur ? { ...t, nodeId: 'n1', status: { ...t.status!, state: 'TASK_FAILED' as const } } : t));
      const a = reconcileReplicated(input(svc, tasks, ready(), now, { newId }));
      expect(a.create.length, `expected restart ${i + 1} to create a replacement`).toBe(1);
      delays.push(a.create[0]!.notBeforeMs - now);
      tasks = applyActions(tasks, a, now);
    }
    expect(delays, 'expected 10 s, 20 s, 40 s, then capped at 60 s').toEqual([10_000, 20_000, 40_000, 60_000, 60_000]);
  });
});

describe('nodes that fail or are drained', () => {
  it('a task on a DOWN node is replaced at once, not counted as a restart, without delay', () => {
    const nodes = nodeMap(node('n1', { hostname: 'w1', state: 'NODE_DOWN' }), node('n2'));
    const svc = service({ restart: { delayMs: 5000, maxAttempts: 1, windowMs: 0 } });
    // The restart limit is already used up: node trouble must not be blocked by it.
    const tasks = [task({ id: 'a1', nodeId: 'n1', restartsMs: [NOW - 1000] })];
    const a = reconcileReplicated(input(svc, tasks, nodes, NOW));
    expect(a.update.map((t) => [t.id, t.desiredState, t.shutdownReason]), 'expected the task told SHUTDOWN with "node w1 is down"').toEqual([['a1', 'TASK_SHUTDOWN', 'node w1 is down']]);
    expect(a.create.map((t) => [t.slot, t.restartsMs, t.notBeforeMs]), 'expected a replacement in slot 1, history unchanged, no delay').toEqual([[1, [NOW - 1000], 0]]);
  });

  it('a failed task on a DOWN node is replaced as node trouble, not as a restart', () => {
    const nodes = nodeMap(node('n1', { state: 'NODE_DOWN' }), node('n2'));
    const a = reconcileReplicated(input(service({ restart: { maxAttempts: 1 } }), [task({ id: 'a1', nodeId: 'n1', state: 'TASK_ORPHANED', restartsMs: [NOW - 1] })], nodes, NOW));
    expect(a.create.map((t) => t.restartsMs), 'expected a replacement that does not count a restart').toEqual([[NOW - 1]]);
  });

  it('a task on a drained node is replaced ("node w2 is drained")', () => {
    const nodes = nodeMap(node('n1'), node('n2', { hostname: 'w2', availability: 'NODE_DRAIN' }));
    const a = reconcileReplicated(input(service(), [task({ id: 'a1', nodeId: 'n2' })], nodes, NOW));
    expect(a.update.map((t) => t.shutdownReason), 'expected the reason "node w2 is drained"').toEqual(['node w2 is drained']);
    expect(a.create.length, 'expected a replacement').toBe(1);
  });

  it('a task on a removed node is replaced; PAUSE and UNKNOWN nodes keep their tasks', () => {
    const nodes = nodeMap(node('n1', { availability: 'NODE_PAUSE' }), node('n2', { state: 'NODE_UNKNOWN' }));
    const tasks = [task({ id: 'a1', slot: 1, nodeId: 'n1' }), task({ id: 'a2', slot: 2, nodeId: 'n2' }), task({ id: 'a3', slot: 3, nodeId: 'gone' })];
    const a = reconcileReplicated(input(service({ replicas: 3 }), tasks, nodes, NOW));
    expect(a.update.map((t) => [t.id, t.shutdownReason]), 'expected only the task of the removed node to be shut down').toEqual([['a3', 'node gone was removed']]);
    expect(a.create.map((t) => t.slot), 'expected a replacement in slot 3 only').toEqual([3]);
  });

  it('a node label change that breaks the task\'s constraint moves the task elsewhere', () => {
    const svc = service({ constraints: ['node.labels.zone == east'] });
    const t = { ...task({ id: 'a1', nodeId: 'n1' }), spec: svc.spec!.task };
    const nodes = nodeMap(node('n1', { hostname: 'w1', labels: { zone: 'west' } }), node('n2', { labels: { zone: 'east' } }));
    const a = reconcileReplicated(input(svc, [t], nodes, NOW));
    expect(a.update.map((x) => x.shutdownReason), 'expected the reason to name the unmet constraint and the node value').toEqual(['node w1 does not satisfy constraint node.labels.zone == east (zone=west)']);
    expect(a.create.map((x) => [x.slot, x.restartsMs]), 'expected a replacement in slot 1, not counted as a restart').toEqual([[1, []]]);
  });

  it('a spec update that changes the constraints goes through the rolling update (parallelism), not all at once', () => {
    const nodes = nodeMap(node('n1', { labels: { zone: 'west' } }));
    const tasks = [1, 2, 3].map((s) => task({ id: `a${s}`, slot: s, nodeId: 'n1' }));
    const svc = withSpec(service({ replicas: 3, parallelism: 1 }), (s) => (s.task!.placement = { constraints: ['node.labels.zone == east'], preferences: [], maxReplicasPerNode: 0 }));
    const a = reconcileReplicated(input(svc, tasks, nodes, NOW));
    expect(a.update.map((x) => [x.id, x.shutdownReason]), 'expected one task stopped, for the update').toEqual([['a1', 'updated to spec version 2']]);
  });

  it('a simulated node failure moves its tasks elsewhere and the cluster settles', () => {
    const c = new SimCluster(service({ replicas: 3 }), ready());
    c.settle();
    const onN1 = c.desiredRunning().filter((t) => t.nodeId === 'n1').map((t) => t.slot);
    expect(onN1.length, 'expected the round-robin scheduler to put a task on n1').toBeGreaterThan(0);
    c.nodes.set('n1', node('n1', { state: 'NODE_DOWN' }));
    c.settle();
    expect(c.desiredRunning().map((t) => t.slot), 'expected all 3 slots to run again').toEqual([1, 2, 3]);
    expect(c.desiredRunning().every((t) => t.nodeId !== 'n1' && t.status!.state === 'TASK_RUNNING'), 'expected no running task on the down node').toBe(true);
    expect(c.desiredRunning().every((t) => t.restartsMs.length === 0), 'expected no restart counted for node trouble').toBe(true);
  });
});

describe('outdated spec version (rolling update, stop-first)', () => {
  function runningV1(n: number): SimCluster {
    const c = new SimCluster(service({ replicas: n, parallelism: 2 }), ready());
    c.settle();
    return c;
  }

  it('replaces at most `parallelism` tasks at a time, counting those still starting', () => {
    const c = runningV1(5);
    c.service = withSpec(c.service, (s) => (s.task!.process!.command = 'v2'));
    const a = c.reconcile();
    expect(a.update.map((t) => [t.slot, t.shutdownReason]), 'expected slots 1 and 2 told to stop for the update').toEqual([
      [1, 'updated to spec version 2'],
      [2, 'updated to spec version 2'],
    ]);
    expect(a.create, 'expected stop-first: no new task before the old one stopped').toEqual([]);
    expect(c.reconcile().update, 'expected no more tasks stopped while 2 are in progress').toEqual([]);
    // The agents stop the two old tasks; the next reconcile creates their replacements.
    c.schedulerAndAgents();
    const b = reconcileReplicated({ service: c.service, tasks: c.tasks, nodes: c.nodes, nowMs: c.nowMs, taskHistoryLimit: 5, newId: idGen('x') });
    expect(b.create.map((t) => [t.slot, t.specVersion]), 'expected version-2 tasks in slots 1 and 2 once the old ones stopped').toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(b.update, 'expected no further stops while the new tasks are not RUNNING yet').toEqual([]);
    c.settle();
    expect(c.desiredRunning().map((t) => [t.slot, t.specVersion, t.status!.state]), 'expected all 5 slots on version 2 in the end').toEqual(
      [1, 2, 3, 4, 5].map((s) => [s, 2, 'TASK_RUNNING']),
    );
  });

  it('parallelism 0 replaces every outdated task at once', () => {
    const svc = withSpec(service({ replicas: 4, parallelism: 0 }), (s) => (s.update!.parallelism = 0));
    const tasks = [1, 2, 3, 4].map((s) => task({ id: `a${s}`, slot: s, nodeId: 'n1' }));
    const a = reconcileReplicated(input(svc, tasks, ready(), NOW));
    expect(a.update.length, 'expected all 4 outdated tasks stopped at once').toBe(4);
  });

  it('a new-version task not yet RUNNING counts against parallelism', () => {
    const svc = withSpec(service({ replicas: 3, parallelism: 1 }), () => {});
    const tasks = [task({ id: 'a1', slot: 1, specVersion: 2, state: 'TASK_STARTING', nodeId: 'n1' }), task({ id: 'a2', slot: 2, nodeId: 'n1' }), task({ id: 'a3', slot: 3, nodeId: 'n1' })];
    const a = reconcileReplicated(input(svc, tasks, ready(), NOW));
    expect(a.update, 'expected nothing stopped while slot 1 is still starting').toEqual([]);
  });
});

describe('history retention', () => {
  it('keeps the newest 5 finished tasks per slot and deletes the older ones', () => {
    const old = Array.from({ length: 8 }, (_, i) =>
      task({ id: `h${i}`, slot: 1, nodeId: 'n1', createdAtMs: 1000 + i, state: 'TASK_FAILED', desired: 'TASK_SHUTDOWN', shutdownReason: 'task failed: x' }),
    );
    const tasks = [...old, task({ id: 'cur', slot: 1, nodeId: 'n1', createdAtMs: 2000 }), task({ id: 'b1', slot: 2, nodeId: 'n1', createdAtMs: 10, state: 'TASK_SHUTDOWN', desired: 'TASK_SHUTDOWN' }), task({ id: 'b2', slot: 2, nodeId: 'n2' })];
    const a = reconcileReplicated(input(service({ replicas: 2 }), tasks, ready(), NOW));
    expect(a.remove, 'expected the 3 oldest finished tasks of slot 1 to be deleted').toEqual(['h0', 'h1', 'h2']);
  });
});

describe('a removed service', () => {
  it('deletes tasks with desired REMOVE once they ended or if they have no node; others wait', () => {
    const tasks = [
      task({ id: 'r1', nodeId: 'n1', desired: 'TASK_REMOVE', state: 'TASK_SHUTDOWN' }),
      task({ id: 'r2', desired: 'TASK_REMOVE', state: 'TASK_PENDING' }),
      task({ id: 'r3', nodeId: 'n1', desired: 'TASK_REMOVE', state: 'TASK_RUNNING' }),
    ];
    const a = reconcileRemoved(tasks);
    expect(a.remove, 'expected the stopped and the unscheduled tasks to be deleted').toEqual(['r1', 'r2']);
    expect(a.update, 'expected the running REMOVE task to be left to stop').toEqual([]);
  });

  it('marks REMOVE a task that missed it, and treats a removed node as no node when nodes are given', () => {
    const tasks = [task({ id: 'r1', nodeId: 'n1' }), task({ id: 'r2', nodeId: 'gone', desired: 'TASK_REMOVE' })];
    const a = reconcileRemoved(tasks, ready());
    expect(a.update.map((t) => [t.id, t.desiredState, t.shutdownReason]), 'expected r1 told REMOVE "service removed"').toEqual([['r1', 'TASK_REMOVE', 'service removed']]);
    expect(a.remove, 'expected the task of the removed node to be deleted').toEqual(['r2']);
  });
});

describe('input rules', () => {
  it('refuses a task of another service and a global service', () => {
    expect(() => reconcileReplicated(input(service(), [task({ id: 'x', serviceId: 'other' })], ready(), NOW)), 'expected a task of another service to be refused').toThrow(/belongs to service other/);
    expect(() => reconcileReplicated(input(service({ global: true }), [], ready(), NOW)), 'expected a global service to be refused').toThrow(/not replicated/);
  });
  it('an update that stops a task never placed finishes in the same pass (found by the property test, seed 349942866)', () => {
    // Slot 1 settled under spec version 3 (restart limit); an older, unplaced task is still desired RUNNING.
    const tasks = [
      task({ id: 'a', slot: 1, specVersion: 3, state: 'TASK_FAILED', desired: 'TASK_SHUTDOWN', createdAtMs: 10, shutdownReason: 'restart limit reached: 2 attempts within 10s; task failed: x' }),
      task({ id: 'b', slot: 1, specVersion: 1, state: 'TASK_PENDING', createdAtMs: 0 }),
    ];
    const svc = service({ replicas: 1, specVersion: 3 });
    const first = reconcileReplicated(input(svc, tasks, nodeMap(), NOW));
    expect(first.update.map((t) => [t.id, t.desiredState]), 'expected the outdated task stopped').toEqual([['b', 'TASK_SHUTDOWN']]);
    expect(first.service?.updateStatus?.state, 'expected the update finished in the same pass').toBe('UPDATE_COMPLETED');
    const svc2 = { ...first.service!, meta: { ...first.service!.meta!, version: 2 } };
    const second = reconcileReplicated(input(svc2, applyActions(tasks, first, NOW), nodeMap(), NOW));
    expect(describeActions(second), 'expected nothing left to do').toBe(describeActions({ ...second, create: [], update: [], remove: [] }));
    expect(second.service ?? null, 'expected no further status change').toBe(null);
  });
});
