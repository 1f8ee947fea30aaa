// Original file: proto/baton/v1/kv.proto

import type { KeyValue as _baton_v1_KeyValue, KeyValue__Output as _baton_v1_KeyValue__Output } from '../../baton/v1/KeyValue';
import type { Long } from '@grpc/proto-loader';

export interface DeleteResponse {
  'revision'?: (number | string | Long);
  'deleted'?: (boolean);
  'prev'?: (_baton_v1_KeyValue | null);
}

export interface DeleteResponse__Output {
  'revision': (number);
  'deleted': (boolean);
  'prev': (_baton_v1_KeyValue__Output | null);
}
