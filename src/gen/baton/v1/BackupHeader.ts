// Original file: proto/baton/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface BackupHeader {
  'clusterId'?: (string);
  'index'?: (number | string | Long);
  'revision'?: (number | string | Long);
  'manager'?: (number | string | Long);
  'createdUnixMs'?: (number | string | Long);
  'stateBytes'?: (number | string | Long);
  'stateCrc32'?: (number);
}

export interface BackupHeader__Output {
  'clusterId': (string);
  'index': (number);
  'revision': (number);
  'manager': (number);
  'createdUnixMs': (number);
  'stateBytes': (number);
  'stateCrc32': (number);
}
