// Original file: proto/baton/v1/store.proto

import type { StoreOpKind as _baton_v1_StoreOpKind, StoreOpKind__Output as _baton_v1_StoreOpKind__Output } from '../../baton/v1/StoreOpKind';
import type { StoreObject as _baton_v1_StoreObject, StoreObject__Output as _baton_v1_StoreObject__Output } from '../../baton/v1/StoreObject';
import type { Long } from '@grpc/proto-loader';

export interface StoreOp {
  'kind'?: (_baton_v1_StoreOpKind);
  'object'?: (_baton_v1_StoreObject | null);
  'expectedVersion'?: (number | string | Long);
}

export interface StoreOp__Output {
  'kind': (_baton_v1_StoreOpKind__Output);
  'object': (_baton_v1_StoreObject__Output | null);
  'expectedVersion': (number);
}
