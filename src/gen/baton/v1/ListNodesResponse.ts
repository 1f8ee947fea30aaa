// Original file: proto/baton/v1/control.proto

import type { Node as _baton_v1_Node, Node__Output as _baton_v1_Node__Output } from '../../baton/v1/Node';
import type { Long } from '@grpc/proto-loader';

export interface ListNodesResponse {
  'nodes'?: (_baton_v1_Node)[];
  'nextPageToken'?: (string);
  'revision'?: (number | string | Long);
}

export interface ListNodesResponse__Output {
  'nodes': (_baton_v1_Node__Output)[];
  'nextPageToken': (string);
  'revision': (number);
}
