// Original file: proto/baton/v1/objects.proto

import type { Meta as _baton_v1_Meta, Meta__Output as _baton_v1_Meta__Output } from '../../baton/v1/Meta';
import type { NodeSpec as _baton_v1_NodeSpec, NodeSpec__Output as _baton_v1_NodeSpec__Output } from '../../baton/v1/NodeSpec';
import type { Resources as _baton_v1_Resources, Resources__Output as _baton_v1_Resources__Output } from '../../baton/v1/Resources';
import type { NodeStatus as _baton_v1_NodeStatus, NodeStatus__Output as _baton_v1_NodeStatus__Output } from '../../baton/v1/NodeStatus';

export interface Node {
  'id'?: (string);
  'meta'?: (_baton_v1_Meta | null);
  'spec'?: (_baton_v1_NodeSpec | null);
  'hostname'?: (string);
  'address'?: (string);
  'resources'?: (_baton_v1_Resources | null);
  'runtimes'?: (string)[];
  'status'?: (_baton_v1_NodeStatus | null);
}

export interface Node__Output {
  'id': (string);
  'meta': (_baton_v1_Meta__Output | null);
  'spec': (_baton_v1_NodeSpec__Output | null);
  'hostname': (string);
  'address': (string);
  'resources': (_baton_v1_Resources__Output | null);
  'runtimes': (string)[];
  'status': (_baton_v1_NodeStatus__Output | null);
}
