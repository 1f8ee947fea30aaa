// Original file: proto/baton/v1/kv.proto

import type { KeyValue as _baton_v1_KeyValue, KeyValue__Output as _baton_v1_KeyValue__Output } from '../../baton/v1/KeyValue';
import type { Long } from '@grpc/proto-loader';

export interface GetResponse {
  'revision'?: (number | string | Long);
  'kv'?: (_baton_v1_KeyValue | null);
}

export interface GetResponse__Output {
  'revision': (number);
  'kv': (_baton_v1_KeyValue__Output | null);
}
