// Original file: proto/baton/v1/kv.proto

import type { Long } from '@grpc/proto-loader';

export interface RequestId {
  'clientId'?: (string);
  'seq'?: (number | string | Long);
}

export interface RequestId__Output {
  'clientId': (string);
  'seq': (number);
}
