// Original file: proto/baton/v1/kv.proto

import type { RequestId as _baton_v1_RequestId, RequestId__Output as _baton_v1_RequestId__Output } from '../../baton/v1/RequestId';
import type { Long } from '@grpc/proto-loader';

export interface CompareAndSwapRequest {
  'key'?: (string);
  'expectedValue'?: (Buffer | Uint8Array | string);
  'expectedVersion'?: (number | string | Long);
  'value'?: (Buffer | Uint8Array | string);
  'delete'?: (boolean);
  'requestId'?: (_baton_v1_RequestId | null);
  'expected'?: "expectedValue"|"expectedVersion";
}

export interface CompareAndSwapRequest__Output {
  'key': (string);
  'expectedValue'?: (Buffer);
  'expectedVersion'?: (number);
  'value': (Buffer);
  'delete': (boolean);
  'requestId': (_baton_v1_RequestId__Output | null);
  'expected'?: "expectedValue"|"expectedVersion";
}
