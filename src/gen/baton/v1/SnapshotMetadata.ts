// Original file: proto/baton/v1/raft.proto

import type { ConfState as _baton_v1_ConfState, ConfState__Output as _baton_v1_ConfState__Output } from '../../baton/v1/ConfState';
import type { Long } from '@grpc/proto-loader';

export interface SnapshotMetadata {
  'confState'?: (_baton_v1_ConfState | null);
  'index'?: (number | string | Long);
  'term'?: (number | string | Long);
}

export interface SnapshotMetadata__Output {
  'confState': (_baton_v1_ConfState__Output | null);
  'index': (number);
  'term': (number);
}
