// Original file: proto/baton/v1/dispatcher.proto

import type { TaskStatusUpdate as _baton_v1_TaskStatusUpdate, TaskStatusUpdate__Output as _baton_v1_TaskStatusUpdate__Output } from '../../baton/v1/TaskStatusUpdate';

export interface TaskStatusBatch {
  'updates'?: (_baton_v1_TaskStatusUpdate)[];
}

export interface TaskStatusBatch__Output {
  'updates': (_baton_v1_TaskStatusUpdate__Output)[];
}
