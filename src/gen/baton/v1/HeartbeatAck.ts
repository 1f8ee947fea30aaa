// Original file: proto/baton/v1/dispatcher.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatAck {
  'heartbeatPeriodMs'?: (number | string | Long);
}

export interface HeartbeatAck__Output {
  'heartbeatPeriodMs': (number);
}
