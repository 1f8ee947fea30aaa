// Original file: proto/baton/v1/kv.proto

import type { WatchEventType as _baton_v1_WatchEventType, WatchEventType__Output as _baton_v1_WatchEventType__Output } from '../../baton/v1/WatchEventType';
import type { KeyValue as _baton_v1_KeyValue, KeyValue__Output as _baton_v1_KeyValue__Output } from '../../baton/v1/KeyValue';
import type { Long } from '@grpc/proto-loader';

export interface WatchEvent {
  'type'?: (_baton_v1_WatchEventType);
  'kv'?: (_baton_v1_KeyValue | null);
  'revision'?: (number | string | Long);
}

export interface WatchEvent__Output {
  'type': (_baton_v1_WatchEventType__Output);
  'kv': (_baton_v1_KeyValue__Output | null);
  'revision': (number);
}
