// Original file: proto/baton/v1/cluster.proto

import type { MemberInfo as _baton_v1_MemberInfo, MemberInfo__Output as _baton_v1_MemberInfo__Output } from '../../baton/v1/MemberInfo';

export interface JoinResponse {
  'clusterId'?: (string);
  'members'?: (_baton_v1_MemberInfo)[];
}

export interface JoinResponse__Output {
  'clusterId': (string);
  'members': (_baton_v1_MemberInfo__Output)[];
}
