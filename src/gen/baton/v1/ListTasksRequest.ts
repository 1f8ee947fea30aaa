// Original file: proto/baton/v1/control.proto

import type { TaskState as _baton_v1_TaskState, TaskState__Output as _baton_v1_TaskState__Output } from '../../baton/v1/TaskState';

export interface ListTasksRequest {
  'serviceId'?: (string);
  'nodeId'?: (string);
  'desiredStates'?: (_baton_v1_TaskState)[];
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListTasksRequest__Output {
  'serviceId': (string);
  'nodeId': (string);
  'desiredStates': (_baton_v1_TaskState__Output)[];
  'pageSize': (number);
  'pageToken': (string);
}
