// Original file: proto/baton/v1/cluster.proto

import type { MemberInfo as _baton_v1_MemberInfo, MemberInfo__Output as _baton_v1_MemberInfo__Output } from '../../baton/v1/MemberInfo';

export interface MembershipResponse {
  'members'?: (_baton_v1_MemberInfo)[];
}

export interface MembershipResponse__Output {
  'members': (_baton_v1_MemberInfo__Output)[];
}
