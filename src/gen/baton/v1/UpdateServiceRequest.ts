// Original file: proto/baton/v1/control.proto

import type { ServiceSpec as _baton_v1_ServiceSpec, ServiceSpec__Output as _baton_v1_ServiceSpec__Output } from '../../baton/v1/ServiceSpec';
import type { Long } from '@grpc/proto-loader';

export interface UpdateServiceRequest {
  'service'?: (string);
  'namespace'?: (string);
  'version'?: (number | string | Long);
  'spec'?: (_baton_v1_ServiceSpec | null);
}

export interface UpdateServiceRequest__Output {
  'service': (string);
  'namespace': (string);
  'version': (number);
  'spec': (_baton_v1_ServiceSpec__Output | null);
}
