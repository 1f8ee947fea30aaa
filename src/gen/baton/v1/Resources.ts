// Original file: proto/baton/v1/objects.proto

import type { Long } from '@grpc/proto-loader';

export interface Resources {
  'milliCpus'?: (number | string | Long);
  'memoryBytes'?: (number | string | Long);
}

export interface Resources__Output {
  'milliCpus': (number);
  'memoryBytes': (number);
}
