// Original file: proto/baton/v1/cluster.proto

import type { MemberInfo as _baton_v1_MemberInfo, MemberInfo__Output as _baton_v1_MemberInfo__Output } from '../../baton/v1/MemberInfo';
import type { ManagerRole as _baton_v1_ManagerRole, ManagerRole__Output as _baton_v1_ManagerRole__Output } from '../../baton/v1/ManagerRole';
import type { Long } from '@grpc/proto-loader';

export interface ManagerStatus {
  'member'?: (_baton_v1_MemberInfo | null);
  'role'?: (_baton_v1_ManagerRole);
  'leader'?: (boolean);
  'reachable'?: (boolean);
  'matchIndex'?: (number | string | Long);
  'lag'?: (number | string | Long);
}

export interface ManagerStatus__Output {
  'member': (_baton_v1_MemberInfo__Output | null);
  'role': (_baton_v1_ManagerRole__Output);
  'leader': (boolean);
  'reachable': (boolean);
  'matchIndex': (number);
  'lag': (number);
}
