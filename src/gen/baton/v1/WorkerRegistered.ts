// Original file: proto/baton/v1/dispatcher.proto

import type { Long } from '@grpc/proto-loader';

export interface WorkerRegistered {
  'nodeId'?: (string);
  'heartbeatPeriodMs'?: (number | string | Long);
  'managers'?: (string)[];
}

export interface WorkerRegistered__Output {
  'nodeId': (string);
  'heartbeatPeriodMs': (number);
  'managers': (string)[];
}
