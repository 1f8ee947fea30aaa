// Original file: proto/baton/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface TransferLeadershipResponse {
  'leader'?: (number | string | Long);
}

export interface TransferLeadershipResponse__Output {
  'leader': (number);
}
