import { describe, expect, it } from 'vitest';
import { historyToRemove } from '../../src/orchestrator/history.js';
import { node, nodeMap, task, type TaskOpts } from './builders.js';

const nodes = nodeMap(node('n1'));
const finished = (id: string, slot: number, at: number, extra: Partial<TaskOpts> = {}) =>
  task({ id, slot, nodeId: 'n1', createdAtMs: at, state: 'TASK_FAILED', desired: 'TASK_SHUTDOWN', ...extra });

describe('history retention', () => {
  it('keeps the newest `limit` finished tasks per slot', () => {
    const tasks = [
      ...Array.from({ length: 7 }, (_, i) => finished(`a${i}`, 1, 100 + i)),
      ...Array.from({ length: 3 }, (_, i) => finished(`b${i}`, 2, 100 + i)),
      task({ id: 'cur1', slot: 1, nodeId: 'n1', createdAtMs: 500 }),
    ];
    expect(historyToRemove(tasks, 5, nodes), 'expected the 2 oldest of slot 1 deleted and slot 2 (3 tasks) untouched').toEqual(['a0', 'a1']);
  });

  it('never deletes a task that may still be running, but deletes one without a node', () => {
    const tasks = [
      finished('run', 1, 1, { state: 'TASK_RUNNING' }),
      finished('nonode', 1, 2, { state: 'TASK_PENDING', nodeId: '' }),
      finished('gone', 1, 3, { state: 'TASK_STARTING', nodeId: 'removed-node' }),
      finished('f1', 1, 4),
      task({ id: 'cur', slot: 1, nodeId: 'n1', createdAtMs: 9 }),
    ];
    expect(historyToRemove(tasks, 1, nodes), 'expected the still-running task kept and the node-less ones deleted').toEqual(['nonode', 'gone']);
  });

  it('keeps the newest task of a slot without a current task, even with limit 0 (it says why the slot is empty)', () => {
    const tasks = [finished('old', 1, 1), finished('last', 1, 2, { shutdownReason: 'restart limit reached: 3 attempts within 60s' })];
    expect(historyToRemove(tasks, 0, nodes), 'expected only the older task deleted').toEqual(['old']);
  });

  it('groups global tasks (slot 0) by node', () => {
    const tasks = [
      finished('x1', 0, 1, { nodeId: 'n1' }),
      finished('x2', 0, 2, { nodeId: 'n1' }),
      finished('y1', 0, 1, { nodeId: 'n2' }),
      task({ id: 'cx', slot: 0, nodeId: 'n1', createdAtMs: 5 }),
      task({ id: 'cy', slot: 0, nodeId: 'n2', createdAtMs: 5 }),
    ];
    expect(historyToRemove(tasks, 1, nodeMap(node('n1'), node('n2'))), 'expected one finished task kept per node').toEqual(['x1']);
  });
});
