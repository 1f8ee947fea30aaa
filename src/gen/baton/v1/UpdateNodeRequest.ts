// Original file: proto/baton/v1/control.proto

import type { NodeSpec as _baton_v1_NodeSpec, NodeSpec__Output as _baton_v1_NodeSpec__Output } from '../../baton/v1/NodeSpec';
import type { Long } from '@grpc/proto-loader';

export interface UpdateNodeRequest {
  'node'?: (string);
  'version'?: (number | string | Long);
  'spec'?: (_baton_v1_NodeSpec | null);
}

export interface UpdateNodeRequest__Output {
  'node': (string);
  'version': (number);
  'spec': (_baton_v1_NodeSpec__Output | null);
}
