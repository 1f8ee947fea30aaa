// Original file: proto/baton/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface RemoveManagerRequest {
  'id'?: (number | string | Long);
}

export interface RemoveManagerRequest__Output {
  'id': (number);
}
