// Original file: proto/baton/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface PromoteManagerRequest {
  'id'?: (number | string | Long);
}

export interface PromoteManagerRequest__Output {
  'id': (number);
}
