// Original file: proto/baton/v1/dispatcher.proto

import type { Task as _baton_v1_Task, Task__Output as _baton_v1_Task__Output } from '../../baton/v1/Task';

export interface Assignments {
  'full'?: (boolean);
  'lastPage'?: (boolean);
  'tasks'?: (_baton_v1_Task)[];
  'removed'?: (string)[];
}

export interface Assignments__Output {
  'full': (boolean);
  'lastPage': (boolean);
  'tasks': (_baton_v1_Task__Output)[];
  'removed': (string)[];
}
