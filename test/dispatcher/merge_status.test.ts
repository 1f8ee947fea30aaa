// How a worker's status report is merged into the stored task: forward only, terminal is final,
// no-op reports write nothing.
import { describe, expect, it } from 'vitest';
import { mergeStatus } from '../../src/dispatcher/dispatcher.js';
import type { Task } from '../../src/store/types.js';
import type { TaskStatusUpdate } from '../../src/agent/types.js';

const task = (state: string, message = ''): Task =>
  ({ id: 't1', nodeId: 'n1', desiredState: 'TASK_RUNNING', status: { state, message, error: '', timestampMs: 1, exitCode: 0 }, ports: [], health: null }) as unknown as Task;
const update = (state: string, message = '', extra: Partial<TaskStatusUpdate> = {}): TaskStatusUpdate =>
  ({ taskId: 't1', status: { state, message, error: '', timestampMs: 2, exitCode: 0 }, ports: [], health: null, ...extra }) as unknown as TaskStatusUpdate;

describe('mergeStatus', () => {
  it('moves a task forward through its life cycle', () => {
    expect(mergeStatus(task('TASK_ASSIGNED'), update('TASK_RUNNING'))?.status?.state, 'ASSIGNED then RUNNING is RUNNING').toBe('TASK_RUNNING');
    expect(mergeStatus(task('TASK_RUNNING'), update('TASK_FAILED', 'exited with code 3'))?.status?.message, 'the failure message is kept').toBe('exited with code 3');
  });

  it('ignores a late report that would move the state backwards', () => {
    expect(mergeStatus(task('TASK_RUNNING'), update('TASK_STARTING')), 'STARTING after RUNNING changes nothing').toBeNull();
  });

  it('never leaves a terminal state', () => {
    expect(mergeStatus(task('TASK_FAILED'), update('TASK_RUNNING')), 'RUNNING after FAILED changes nothing').toBeNull();
    expect(mergeStatus(task('TASK_SHUTDOWN'), update('TASK_FAILED')), 'FAILED after SHUTDOWN changes nothing').toBeNull();
  });

  it('writes nothing for a report equal to the stored status', () => {
    expect(mergeStatus(task('TASK_RUNNING', 'started'), update('TASK_RUNNING', 'started')), 'an identical report is no change').toBeNull();
  });

  it('takes the host ports and health the worker reports', () => {
    const ports = [{ name: 'http', targetPort: 80, hostPort: 41000 }];
    const m = mergeStatus(task('TASK_RUNNING', 'started'), update('TASK_RUNNING', 'started', { ports } as Partial<TaskStatusUpdate>));
    expect(m?.ports, 'the reported ports are stored').toEqual(ports);
  });
});
