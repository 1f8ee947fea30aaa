// Original file: proto/baton/v1/store.proto

import type { StoreOp as _baton_v1_StoreOp, StoreOp__Output as _baton_v1_StoreOp__Output } from '../../baton/v1/StoreOp';
import type { Long } from '@grpc/proto-loader';

export interface StoreTx {
  'ops'?: (_baton_v1_StoreOp)[];
  'nowMs'?: (number | string | Long);
}

export interface StoreTx__Output {
  'ops': (_baton_v1_StoreOp__Output)[];
  'nowMs': (number);
}
