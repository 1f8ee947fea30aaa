// Original file: proto/baton/v1/control.proto

import type { ObjectEventKind as _baton_v1_ObjectEventKind, ObjectEventKind__Output as _baton_v1_ObjectEventKind__Output } from '../../baton/v1/ObjectEventKind';
import type { Node as _baton_v1_Node, Node__Output as _baton_v1_Node__Output } from '../../baton/v1/Node';
import type { Service as _baton_v1_Service, Service__Output as _baton_v1_Service__Output } from '../../baton/v1/Service';
import type { Task as _baton_v1_Task, Task__Output as _baton_v1_Task__Output } from '../../baton/v1/Task';
import type { ClusterInfo as _baton_v1_ClusterInfo, ClusterInfo__Output as _baton_v1_ClusterInfo__Output } from '../../baton/v1/ClusterInfo';
import type { Long } from '@grpc/proto-loader';

export interface ObjectEvent {
  'kind'?: (_baton_v1_ObjectEventKind);
  'revision'?: (number | string | Long);
  'node'?: (_baton_v1_Node | null);
  'service'?: (_baton_v1_Service | null);
  'task'?: (_baton_v1_Task | null);
  'cluster'?: (_baton_v1_ClusterInfo | null);
  'object'?: "node"|"service"|"task"|"cluster";
}

export interface ObjectEvent__Output {
  'kind': (_baton_v1_ObjectEventKind__Output);
  'revision': (number);
  'node'?: (_baton_v1_Node__Output | null);
  'service'?: (_baton_v1_Service__Output | null);
  'task'?: (_baton_v1_Task__Output | null);
  'cluster'?: (_baton_v1_ClusterInfo__Output | null);
  'object'?: "node"|"service"|"task"|"cluster";
}
