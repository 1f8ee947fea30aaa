// Original file: proto/baton/v1/objects.proto

import type { Long } from '@grpc/proto-loader';

export interface ClusterSettings {
  'taskHistoryLimit'?: (number);
  'heartbeatGraceMs'?: (number | string | Long);
}

export interface ClusterSettings__Output {
  'taskHistoryLimit': (number);
  'heartbeatGraceMs': (number);
}
