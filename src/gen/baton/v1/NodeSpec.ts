// Original file: proto/baton/v1/objects.proto

import type { NodeAvailability as _baton_v1_NodeAvailability, NodeAvailability__Output as _baton_v1_NodeAvailability__Output } from '../../baton/v1/NodeAvailability';
import type { NodeRole as _baton_v1_NodeRole, NodeRole__Output as _baton_v1_NodeRole__Output } from '../../baton/v1/NodeRole';

export interface NodeSpec {
  'labels'?: ({[key: string]: string});
  'availability'?: (_baton_v1_NodeAvailability);
  'role'?: (_baton_v1_NodeRole);
}

export interface NodeSpec__Output {
  'labels': ({[key: string]: string});
  'availability': (_baton_v1_NodeAvailability__Output);
  'role': (_baton_v1_NodeRole__Output);
}
