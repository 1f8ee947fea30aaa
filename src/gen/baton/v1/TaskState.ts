// Original file: proto/baton/v1/objects.proto

export const TaskState = {
  TASK_NEW: 'TASK_NEW',
  TASK_PENDING: 'TASK_PENDING',
  TASK_ASSIGNED: 'TASK_ASSIGNED',
  TASK_ACCEPTED: 'TASK_ACCEPTED',
  TASK_PREPARING: 'TASK_PREPARING',
  TASK_STARTING: 'TASK_STARTING',
  TASK_RUNNING: 'TASK_RUNNING',
  TASK_COMPLETE: 'TASK_COMPLETE',
  TASK_SHUTDOWN: 'TASK_SHUTDOWN',
  TASK_FAILED: 'TASK_FAILED',
  TASK_REJECTED: 'TASK_REJECTED',
  TASK_ORPHANED: 'TASK_ORPHANED',
  TASK_REMOVE: 'TASK_REMOVE',
} as const;

export type TaskState =
  | 'TASK_NEW'
  | 0
  | 'TASK_PENDING'
  | 1
  | 'TASK_ASSIGNED'
  | 2
  | 'TASK_ACCEPTED'
  | 3
  | 'TASK_PREPARING'
  | 4
  | 'TASK_STARTING'
  | 5
  | 'TASK_RUNNING'
  | 6
  | 'TASK_COMPLETE'
  | 7
  | 'TASK_SHUTDOWN'
  | 8
  | 'TASK_FAILED'
  | 9
  | 'TASK_REJECTED'
  | 10
  | 'TASK_ORPHANED'
  | 11
  | 'TASK_REMOVE'
  | 12

export type TaskState__Output = typeof TaskState[keyof typeof TaskState]
