// Original file: proto/baton/v1/objects.proto

import type { Long } from '@grpc/proto-loader';

export interface TaskHealth {
  'ready'?: (boolean);
  'lastProbeResult'?: (string);
  'lastProbeMs'?: (number | string | Long);
}

export interface TaskHealth__Output {
  'ready': (boolean);
  'lastProbeResult': (string);
  'lastProbeMs': (number);
}
