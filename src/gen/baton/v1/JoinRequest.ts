// Original file: proto/baton/v1/cluster.proto

import type { MemberInfo as _baton_v1_MemberInfo, MemberInfo__Output as _baton_v1_MemberInfo__Output } from '../../baton/v1/MemberInfo';

export interface JoinRequest {
  'token'?: (string);
  'member'?: (_baton_v1_MemberInfo | null);
}

export interface JoinRequest__Output {
  'token': (string);
  'member': (_baton_v1_MemberInfo__Output | null);
}
