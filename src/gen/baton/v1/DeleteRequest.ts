// Original file: proto/baton/v1/kv.proto

import type { RequestId as _baton_v1_RequestId, RequestId__Output as _baton_v1_RequestId__Output } from '../../baton/v1/RequestId';

export interface DeleteRequest {
  'key'?: (string);
  'requestId'?: (_baton_v1_RequestId | null);
}

export interface DeleteRequest__Output {
  'key': (string);
  'requestId': (_baton_v1_RequestId__Output | null);
}
