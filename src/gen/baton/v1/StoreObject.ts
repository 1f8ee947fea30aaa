// Original file: proto/baton/v1/store.proto

import type { Node as _baton_v1_Node, Node__Output as _baton_v1_Node__Output } from '../../baton/v1/Node';
import type { Service as _baton_v1_Service, Service__Output as _baton_v1_Service__Output } from '../../baton/v1/Service';
import type { Task as _baton_v1_Task, Task__Output as _baton_v1_Task__Output } from '../../baton/v1/Task';
import type { ClusterInfo as _baton_v1_ClusterInfo, ClusterInfo__Output as _baton_v1_ClusterInfo__Output } from '../../baton/v1/ClusterInfo';

export interface StoreObject {
  'node'?: (_baton_v1_Node | null);
  'service'?: (_baton_v1_Service | null);
  'task'?: (_baton_v1_Task | null);
  'cluster'?: (_baton_v1_ClusterInfo | null);
  'object'?: "node"|"service"|"task"|"cluster";
}

export interface StoreObject__Output {
  'node'?: (_baton_v1_Node__Output | null);
  'service'?: (_baton_v1_Service__Output | null);
  'task'?: (_baton_v1_Task__Output | null);
  'cluster'?: (_baton_v1_ClusterInfo__Output | null);
  'object'?: "node"|"service"|"task"|"cluster";
}
