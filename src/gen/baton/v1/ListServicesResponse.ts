// Original file: proto/baton/v1/control.proto

import type { Service as _baton_v1_Service, Service__Output as _baton_v1_Service__Output } from '../../baton/v1/Service';
import type { Long } from '@grpc/proto-loader';

export interface ListServicesResponse {
  'services'?: (_baton_v1_Service)[];
  'nextPageToken'?: (string);
  'revision'?: (number | string | Long);
}

export interface ListServicesResponse__Output {
  'services': (_baton_v1_Service__Output)[];
  'nextPageToken': (string);
  'revision': (number);
}
