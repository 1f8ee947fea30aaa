// Original file: proto/baton/v1/control.proto

import type { ServiceSpec as _baton_v1_ServiceSpec, ServiceSpec__Output as _baton_v1_ServiceSpec__Output } from '../../baton/v1/ServiceSpec';
import type { RequestId as _baton_v1_RequestId, RequestId__Output as _baton_v1_RequestId__Output } from '../../baton/v1/RequestId';

export interface CreateServiceRequest {
  'spec'?: (_baton_v1_ServiceSpec | null);
  'requestId'?: (_baton_v1_RequestId | null);
}

export interface CreateServiceRequest__Output {
  'spec': (_baton_v1_ServiceSpec__Output | null);
  'requestId': (_baton_v1_RequestId__Output | null);
}
