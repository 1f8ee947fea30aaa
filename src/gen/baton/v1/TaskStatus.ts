// Original file: proto/baton/v1/objects.proto

import type { TaskState as _baton_v1_TaskState, TaskState__Output as _baton_v1_TaskState__Output } from '../../baton/v1/TaskState';
import type { Long } from '@grpc/proto-loader';

export interface TaskStatus {
  'state'?: (_baton_v1_TaskState);
  'timestampMs'?: (number | string | Long);
  'message'?: (string);
  'error'?: (string);
  'exitCode'?: (number);
}

export interface TaskStatus__Output {
  'state': (_baton_v1_TaskState__Output);
  'timestampMs': (number);
  'message': (string);
  'error': (string);
  'exitCode': (number);
}
