// Original file: proto/baton/v1/dispatcher.proto

import type { TaskStatus as _baton_v1_TaskStatus, TaskStatus__Output as _baton_v1_TaskStatus__Output } from '../../baton/v1/TaskStatus';
import type { AssignedPort as _baton_v1_AssignedPort, AssignedPort__Output as _baton_v1_AssignedPort__Output } from '../../baton/v1/AssignedPort';
import type { TaskHealth as _baton_v1_TaskHealth, TaskHealth__Output as _baton_v1_TaskHealth__Output } from '../../baton/v1/TaskHealth';

export interface TaskStatusUpdate {
  'taskId'?: (string);
  'status'?: (_baton_v1_TaskStatus | null);
  'ports'?: (_baton_v1_AssignedPort)[];
  'health'?: (_baton_v1_TaskHealth | null);
}

export interface TaskStatusUpdate__Output {
  'taskId': (string);
  'status': (_baton_v1_TaskStatus__Output | null);
  'ports': (_baton_v1_AssignedPort__Output)[];
  'health': (_baton_v1_TaskHealth__Output | null);
}
