// Original file: proto/baton/v1/cluster.proto

import type { ManagerStatus as _baton_v1_ManagerStatus, ManagerStatus__Output as _baton_v1_ManagerStatus__Output } from '../../baton/v1/ManagerStatus';
import type { Long } from '@grpc/proto-loader';

export interface ListManagersResponse {
  'leader'?: (number | string | Long);
  'term'?: (number | string | Long);
  'managers'?: (_baton_v1_ManagerStatus)[];
}

export interface ListManagersResponse__Output {
  'leader': (number);
  'term': (number);
  'managers': (_baton_v1_ManagerStatus__Output)[];
}
