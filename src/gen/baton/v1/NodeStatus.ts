// Original file: proto/baton/v1/objects.proto

import type { NodeState as _baton_v1_NodeState, NodeState__Output as _baton_v1_NodeState__Output } from '../../baton/v1/NodeState';
import type { Long } from '@grpc/proto-loader';

export interface NodeStatus {
  'state'?: (_baton_v1_NodeState);
  'message'?: (string);
  'sinceMs'?: (number | string | Long);
}

export interface NodeStatus__Output {
  'state': (_baton_v1_NodeState__Output);
  'message': (string);
  'sinceMs': (number);
}
