// Original file: proto/baton/v1/raft.proto

import type { ConfChangeType as _baton_v1_ConfChangeType, ConfChangeType__Output as _baton_v1_ConfChangeType__Output } from '../../baton/v1/ConfChangeType';
import type { Long } from '@grpc/proto-loader';

export interface ConfChange {
  'type'?: (_baton_v1_ConfChangeType);
  'nodeId'?: (number | string | Long);
  'context'?: (Buffer | Uint8Array | string);
}

export interface ConfChange__Output {
  'type': (_baton_v1_ConfChangeType__Output);
  'nodeId': (number);
  'context': (Buffer);
}
