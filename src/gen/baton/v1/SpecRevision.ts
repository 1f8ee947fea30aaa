// Original file: proto/baton/v1/objects.proto

import type { ServiceSpec as _baton_v1_ServiceSpec, ServiceSpec__Output as _baton_v1_ServiceSpec__Output } from '../../baton/v1/ServiceSpec';
import type { Long } from '@grpc/proto-loader';

export interface SpecRevision {
  'revision'?: (number | string | Long);
  'specVersion'?: (number | string | Long);
  'spec'?: (_baton_v1_ServiceSpec | null);
  'createdMs'?: (number | string | Long);
}

export interface SpecRevision__Output {
  'revision': (number);
  'specVersion': (number);
  'spec': (_baton_v1_ServiceSpec__Output | null);
  'createdMs': (number);
}
