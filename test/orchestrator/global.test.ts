import { describe, expect, it } from 'vitest';
import { reconcileGlobal } from '../../src/orchestrator/global.js';
import { applyActions, input, node, nodeMap, service, SimCluster, task, withSpec } from './builders.js';

const NOW = 1_000_000;
const glob = (o: Parameters<typeof service>[0] = {}) => service({ global: true, ...o });
const nodeIdsOf = (c: SimCluster) => c.desiredRunning().map((t) => t.nodeId);

describe('global services', () => {
  it('creates one task per READY, ACTIVE node that meets the constraints, pinned to it, slot 0', () => {
    const nodes = nodeMap(
      node('n1', { hostname: 'w1', labels: { zone: 'east' } }),
      node('n2', { labels: { zone: 'west' } }),
      node('n3', { labels: { zone: 'east' }, state: 'NODE_DOWN' }),
      node('n4', { labels: { zone: 'east' }, availability: 'NODE_DRAIN' }),
      node('n5', { labels: { zone: 'east' }, availability: 'NODE_PAUSE' }),
      node('n6', { labels: { zone: 'east' }, state: 'NODE_UNKNOWN' }),
    );
    const a = reconcileGlobal(input(glob({ constraints: ['node.labels.zone == east'] }), [], nodes, NOW));
    expect(a.create.map((t) => [t.nodeId, t.slot, t.status!.state, t.desiredState]), 'expected exactly one PENDING task on n1, slot 0').toEqual([['n1', 0, 'TASK_PENDING', 'TASK_RUNNING']]);
    expect(a.create[0]!.status!.message, 'expected the message to name the node').toBe('waiting for node w1');
  });

  it('follows nodes joining, leaving, going down, and label changes', () => {
    const c = new SimCluster(glob({ constraints: ['node.role != manager', 'node.labels.gpu != none'] }), nodeMap(node('n1'), node('n2')));
    c.settle();
    expect(nodeIdsOf(c), 'expected tasks on n1 and n2').toEqual(['n1', 'n2']);

    c.nodes.set('n3', node('n3'));
    c.settle();
    expect(nodeIdsOf(c), 'expected a task on the joining node n3').toEqual(['n1', 'n2', 'n3']);

    c.nodes.delete('n2');
    const leave = c.reconcile();
    expect(leave.create, 'expected nothing created elsewhere when a node leaves').toEqual([]);
    expect(c.onNode('n2'), 'expected the tasks of the removed node deleted').toEqual([]);

    c.nodes.set('n3', node('n3', { hostname: 'w3', state: 'NODE_DOWN' }));
    const down = c.reconcile();
    expect(down.update.map((t) => [t.nodeId, t.desiredState, t.shutdownReason]), 'expected the task on the down node told SHUTDOWN').toEqual([['n3', 'TASK_SHUTDOWN', 'node w3 is down']]);
    expect(down.create, 'expected nothing created elsewhere for a DOWN node').toEqual([]);

    c.nodes.set('n1', node('n1', { hostname: 'w1', labels: { gpu: 'none' } }));
    const label = c.reconcile();
    expect(label.update.map((t) => [t.nodeId, t.shutdownReason]), 'expected the task on n1 shut down for the label change').toEqual([
      ['n1', 'node w1 does not satisfy constraint node.labels.gpu != none (gpu=none)'],
    ]);
    expect(label.create, 'expected nothing created for a label change').toEqual([]);
    c.settle();
    expect(nodeIdsOf(c), 'expected no task desired RUNNING anywhere').toEqual([]);

    // n3 comes back: it gets a task again (its old one was shut down for node trouble, not settled).
    c.nodes.set('n3', node('n3'));
    c.settle();
    expect(c.desiredRunning().map((t) => [t.nodeId, t.status!.state]), 'expected n3 to run a task again').toEqual([['n3', 'TASK_RUNNING']]);
  });

  it('drained node: its task is shut down; paused node: its task stays', () => {
    const tasks = [task({ id: 'g1', slot: 0, nodeId: 'n1' }), task({ id: 'g2', slot: 0, nodeId: 'n2' })];
    const nodes = nodeMap(node('n1', { hostname: 'w1', availability: 'NODE_DRAIN' }), node('n2', { availability: 'NODE_PAUSE' }));
    const a = reconcileGlobal(input(glob(), tasks, nodes, NOW));
    expect(a.update.map((t) => [t.id, t.shutdownReason]), 'expected only the drained node\'s task shut down').toEqual([['g1', 'node w1 is drained']]);
    expect(a.create, 'expected nothing created').toEqual([]);
  });

  it('restarts a failed task on the same node with the restart history carried', () => {
    const svc = glob({ restart: { delayMs: 1000 } });
    const tasks = [task({ id: 'g1', slot: 0, nodeId: 'n1', state: 'TASK_FAILED', message: 'exit code 1', restartsMs: [NOW - 10_000] })];
    const a = reconcileGlobal(input(svc, tasks, nodeMap(node('n1')), NOW));
    expect(a.update.map((t) => [t.id, t.desiredState, t.shutdownReason]), 'expected the failed task told SHUTDOWN').toEqual([['g1', 'TASK_SHUTDOWN', 'task failed: exit code 1']]);
    expect(a.create.map((t) => [t.nodeId, t.slot, t.restartsMs, t.notBeforeMs]), 'expected a replacement on n1, history carried, 2 s back-off').toEqual([
      ['n1', 0, [NOW - 10_000, NOW], NOW + 2000],
    ]);
  });

  it('applies the restart limit per node and leaves the node empty until the spec changes', () => {
    const svc = glob({ restart: { maxAttempts: 1, delayMs: 0 } });
    const tasks = [task({ id: 'g1', slot: 0, nodeId: 'n1', state: 'TASK_FAILED', restartsMs: [NOW - 1] }), task({ id: 'g2', slot: 0, nodeId: 'n2', state: 'TASK_FAILED' })];
    const c = new SimCluster(svc, nodeMap(node('n1'), node('n2')));
    c.tasks = tasks;
    c.nowMs = NOW;
    c.settle();
    expect(nodeIdsOf(c), 'expected only n2 to run a task (n1 hit its limit)').toEqual(['n2']);
    c.service = withSpec(c.service, (s) => (s.task!.process!.command = 'fixed'));
    c.settle();
    expect(c.desiredRunning().map((t) => [t.nodeId, t.specVersion]), 'expected both nodes on spec version 2').toEqual([
      ['n1', 2],
      ['n2', 2],
    ]);
  });

  it('a failed task on a paused node waits until the node takes tasks again', () => {
    const tasks = [task({ id: 'g1', slot: 0, nodeId: 'n1', state: 'TASK_FAILED' })];
    const a = reconcileGlobal(input(glob(), tasks, nodeMap(node('n1', { availability: 'NODE_PAUSE' })), NOW));
    expect(a.create.length + a.update.length + a.remove.length, 'expected no action on a paused node').toBe(0);
    const b = reconcileGlobal(input(glob(), tasks, nodeMap(node('n1')), NOW));
    expect(b.create.map((t) => t.nodeId), 'expected a restart once the node is active again').toEqual(['n1']);
  });

  it('rolls out a new spec version `parallelism` nodes at a time', () => {
    const c = new SimCluster(glob({ parallelism: 1 }), nodeMap(node('n1'), node('n2'), node('n3')));
    c.settle();
    c.service = withSpec(c.service, (s) => (s.task!.process!.command = 'v2'));
    const a = c.reconcile();
    expect(a.update.map((t) => [t.nodeId, t.shutdownReason]), 'expected one node updated first').toEqual([['n1', 'updated to spec version 2']]);
    c.settle();
    expect(c.desiredRunning().map((t) => [t.nodeId, t.specVersion]), 'expected every node on version 2 in the end').toEqual([
      ['n1', 2],
      ['n2', 2],
      ['n3', 2],
    ]);
  });

  it('removes tasks that are not global tasks (mode changed)', () => {
    const tasks = [task({ id: 'r1', slot: 1, nodeId: 'n1' })];
    const a = reconcileGlobal(input(glob(), tasks, nodeMap(node('n1')), NOW));
    expect(a.update.map((t) => [t.id, t.desiredState, t.shutdownReason]), 'expected the slot task told REMOVE').toEqual([['r1', 'TASK_REMOVE', 'service mode changed to global']]);
    expect(a.create.map((t) => t.nodeId), 'expected a global task on n1').toEqual(['n1']);
  });
  it('a node whose slot is settled still waits for a task the rollout stopped (found by the property test, seed 893100048)', () => {
    // g0 hit the restart limit (settled); g1 is of another spec version, created earlier, still starting.
    const tasks = [
      task({ id: 'g0', slot: 0, nodeId: 'n1', state: 'TASK_NEW', desired: 'TASK_SHUTDOWN', createdAtMs: 1, shutdownReason: 'restart limit reached: 2 attempts within 10s; task failed: x' }),
      task({ id: 'g1', slot: 0, nodeId: 'n1', state: 'TASK_NEW', specVersion: 2, createdAtMs: 0 }),
    ];
    const svc = glob();
    const first = reconcileGlobal(input(svc, tasks, nodeMap(node('n1')), NOW));
    expect(first.update.map((t) => [t.id, t.desiredState]), 'expected the outdated task stopped').toEqual([['g1', 'TASK_SHUTDOWN']]);
    const svc2 = { ...first.service!, meta: { ...first.service!.meta!, version: 2 } };
    const second = reconcileGlobal(input(svc2, applyActions(tasks, first, NOW), nodeMap(node('n1')), NOW));
    expect(second.service?.updateStatus?.state ?? null, 'expected the update to stay in progress while g1 is stopping').toBe(null);
  });
});
