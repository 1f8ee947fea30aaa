// Original file: proto/baton/v1/control.proto

import type { Long } from '@grpc/proto-loader';

export interface ServiceActionRequest {
  'service'?: (string);
  'namespace'?: (string);
  'version'?: (number | string | Long);
}

export interface ServiceActionRequest__Output {
  'service': (string);
  'namespace': (string);
  'version': (number);
}
