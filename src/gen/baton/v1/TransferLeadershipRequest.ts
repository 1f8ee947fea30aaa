// Original file: proto/baton/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface TransferLeadershipRequest {
  'to'?: (number | string | Long);
}

export interface TransferLeadershipRequest__Output {
  'to': (number);
}
