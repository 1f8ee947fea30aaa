// Original file: proto/baton/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface DemoteManagerRequest {
  'id'?: (number | string | Long);
}

export interface DemoteManagerRequest__Output {
  'id': (number);
}
