// Original file: proto/baton/v1/control.proto

import type { Task as _baton_v1_Task, Task__Output as _baton_v1_Task__Output } from '../../baton/v1/Task';
import type { Long } from '@grpc/proto-loader';

export interface ListTasksResponse {
  'tasks'?: (_baton_v1_Task)[];
  'nextPageToken'?: (string);
  'revision'?: (number | string | Long);
}

export interface ListTasksResponse__Output {
  'tasks': (_baton_v1_Task__Output)[];
  'nextPageToken': (string);
  'revision': (number);
}
