// Original file: proto/baton/v1/control.proto

import type { Long } from '@grpc/proto-loader';

export interface RollbackServiceRequest {
  'service'?: (string);
  'namespace'?: (string);
  'version'?: (number | string | Long);
  'toRevision'?: (number | string | Long);
}

export interface RollbackServiceRequest__Output {
  'service': (string);
  'namespace': (string);
  'version': (number);
  'toRevision': (number);
}
