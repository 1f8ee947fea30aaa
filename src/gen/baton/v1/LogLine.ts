// Original file: proto/baton/v1/dispatcher.proto

import type { Long } from '@grpc/proto-loader';

export interface LogLine {
  'taskId'?: (string);
  'stream'?: (string);
  'timestampMs'?: (number | string | Long);
  'line'?: (string);
}

export interface LogLine__Output {
  'taskId': (string);
  'stream': (string);
  'timestampMs': (number);
  'line': (string);
}
