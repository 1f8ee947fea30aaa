// Original file: proto/baton/v1/kv.proto

import type { KeyValue as _baton_v1_KeyValue, KeyValue__Output as _baton_v1_KeyValue__Output } from '../../baton/v1/KeyValue';
import type { Long } from '@grpc/proto-loader';

export interface CompareAndSwapResponse {
  'revision'?: (number | string | Long);
  'succeeded'?: (boolean);
  'prev'?: (_baton_v1_KeyValue | null);
}

export interface CompareAndSwapResponse__Output {
  'revision': (number);
  'succeeded': (boolean);
  'prev': (_baton_v1_KeyValue__Output | null);
}
