// Original file: proto/baton/v1/kv.proto

import type { KeyValue as _baton_v1_KeyValue, KeyValue__Output as _baton_v1_KeyValue__Output } from '../../baton/v1/KeyValue';
import type { Long } from '@grpc/proto-loader';

export interface RangeResponse {
  'revision'?: (number | string | Long);
  'kvs'?: (_baton_v1_KeyValue)[];
  'more'?: (boolean);
}

export interface RangeResponse__Output {
  'revision': (number);
  'kvs': (_baton_v1_KeyValue__Output)[];
  'more': (boolean);
}
