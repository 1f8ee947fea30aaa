// Original file: proto/baton/v1/kv.proto

import type { RequestId as _baton_v1_RequestId, RequestId__Output as _baton_v1_RequestId__Output } from '../../baton/v1/RequestId';

export interface PutRequest {
  'key'?: (string);
  'value'?: (Buffer | Uint8Array | string);
  'requestId'?: (_baton_v1_RequestId | null);
}

export interface PutRequest__Output {
  'key': (string);
  'value': (Buffer);
  'requestId': (_baton_v1_RequestId__Output | null);
}
